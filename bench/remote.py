"""The same coding task in-process and through a local OpenAI-compatible server with the same GGUF, in one run.

    python bench/remote.py [--runs N] [--port P] [--threads N]

Starts llama-cpp-python's server (`python -m llama_cpp.server`, extra `llama-cpp-python[server]`) with the coder's
GGUF and the in-process settings (context, threads, batch), then alternates the task in-process and remote (one
unmeasured warm-up each: model assembly, KV cache files, the server's prompt cache). Reports each side's median
and best wall time of the whole CLI run, the code step's tokens/s (reply tokens over the step's time, prompt
included), the ratios, and Codey's own peak RSS (the server is its own process and not counted). Writes
bench/results/remote.json.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, bench_config, run_codey  # noqa: E402

sys.path.insert(0, str(ROOT))

TASK = "write a script that prints the first 10 square numbers"  # no file named: no prefill on either side
ALIAS = "coder"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(gguf: Path, settings, port: int) -> subprocess.Popen:
    import httpx

    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--model_alias", ALIAS,
           "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(settings.coder.n_ctx),
           "--n_threads", str(settings.n_threads), "--n_threads_batch", str(settings.n_threads_batch),
           "--n_batch", "256", "--interrupt_requests", "False"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    for _ in range(600):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/models", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGKILL)
    raise SystemExit("the server did not start")


def one(config: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp)
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=ws, check=True)
        out = run_codey(TASK, ws, config)
    code = next((s for s in out.get("steps", []) if s["node"] == "code"), {})
    return {"ok": out.get("status") == "done", "wall_s": out["seconds"], "tokens": code.get("tokens"),
            "code_s": code.get("seconds"), "tok_s": code.get("tok_s"), "peak_rss_mb": out.get("peak_rss_mb")}


def side(runs: list[dict]) -> dict:
    """Median and best of the runs: on a shared machine the best is the one least slowed by other load."""
    walls, rates = [r["wall_s"] for r in runs], [r["tok_s"] for r in runs]
    return {"wall_s": statistics.median(walls), "best_wall_s": min(walls), "code_s": statistics.median(r["code_s"] for r in runs),
            "tok_s": statistics.median(rates),
            "best_tok_s": max(rates), "tokens": statistics.median(r["tokens"] for r in runs),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in runs), "all_done": all(r["ok"] for r in runs), "runs": runs}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--threads", type=int, help="n_threads for both sides (default: the machine's config)")
    args = p.parse_args()
    from codey.app import config
    from codey.memory.lifecycle import Lifecycle
    from codey.app.ui import UI

    tmp = Path(tempfile.mkdtemp())
    threads = {"n_threads": args.threads, "n_threads_batch": args.threads} if args.threads else {}
    local = bench_config(tmp / "local.json", **threads)
    settings = config.load(local)
    gguf = Lifecycle(settings, UI(quiet=True)).model_path("coder")
    port = args.port or free_port()
    remote = bench_config(tmp / "remote.json", coder={
        **settings.coder.model_dump(), "backend": "openai", "base_url": f"http://127.0.0.1:{port}/v1", "model": ALIAS,
        "extra_body": {"repeat_penalty": 1.0}})  # the in-process coder's penalty (the server's default is 1.1)
    server = start_server(gguf, settings, port)
    try:
        one(local), one(remote)  # warm-up
        results = {"in_process": [], "server": []}
        for _ in range(args.runs):
            results["in_process"].append(one(local))
            results["server"].append(one(remote))
    finally:
        os.killpg(server.pid, signal.SIGKILL)
    report = {"task": TASK, "model": gguf.name, "threads": settings.n_threads, "load_avg": os.getloadavg(),
              **{name: side(runs) for name, runs in results.items()}}
    for key in ("wall_s", "best_wall_s", "code_s", "tok_s", "best_tok_s"):
        report[f"ratio_{key}"] = round(report["server"][key] / report["in_process"][key], 3)
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "remote.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
