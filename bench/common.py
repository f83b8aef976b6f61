"""Helpers shared by the benchmarks: run Codey's real CLI on a workspace and time it."""
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_codey(request: str, workspace: Path, config: Path, timeout: float = 900, as_file: bool = False,
              budget: float | None = None) -> dict:
    """One real CLI run; as_file sends the request through --file, as a user would a long text; budget is its
    --budget (None: as configured)."""
    start = time.perf_counter()
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as f:
        f.write(request)
        f.flush()
        given = ["--file", f.name] if as_file else [request]
        if budget:
            given = ["--budget", str(budget), *given]
        try:
            proc = subprocess.run([sys.executable, str(ROOT / "run.py"), "-C", str(workspace), "--config", str(config),
                                   "--yes", "--json", *given], capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:  # a row like any other failure, not the end of a run of many
            return {"status": "timeout", "error": f"no answer within {timeout:.0f} s", "seconds": round(timeout, 2),
                    "exit_code": None}
    seconds = time.perf_counter() - start
    try:
        out = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        out = {"status": "crashed", "stderr": proc.stderr[-2000:]}
    return {**out, "seconds": round(seconds, 2), "exit_code": proc.returncode}


def earlier_rows(out: Path, resume: bool) -> list[dict]:
    """With --resume, the rows a stopped run already wrote to out (they are kept, and their problems skipped): a run
    longer than one sitting can be finished in another."""
    return json.loads(out.read_text()) if resume and out.exists() else []


def bench_config(path: Path, **overrides) -> Path:
    """A config for benchmark runs: the machine defaults plus overrides (written once, reused)."""
    sys.path.insert(0, str(ROOT))
    from codey.app import config

    settings = config.load(path) if path.exists() else config.Settings(**config.machine_defaults())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**settings.model_dump(), **overrides}, indent=2))
    return path


def drawing_config(folder: Path, stem: str, candidates: int | None) -> Path:
    """The config of a run drawing `candidates` per retry (None: as configured), one file for each value."""
    if not candidates:
        return bench_config(folder / f"{stem}-config.json")
    return bench_config(folder / f"{stem}-config-c{candidates}.json", candidates=candidates)


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def summary(times: list[float], rss: list[float], budget: float) -> str:
    p90 = statistics.quantiles(times, n=10)[-1] if len(times) > 1 else times[0]
    return (f"seconds per task: median {statistics.median(times):.1f}, 90th percentile {p90:.1f}, "
            f"mean {statistics.mean(times):.1f}; "
            f"peak RSS max {max(rss):.0f} MB = {max(rss) / budget:.2f} of the {budget:.0f} MB budget")
