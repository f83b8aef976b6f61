"""Codey's performance suite: every ratio measured in one run, printed as a table and saved as JSON.

    python bench/run_all.py [--config PATH]     (writes bench/results/run_all.json)
"""
import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, bench_config, run_codey

sys.path.insert(0, str(ROOT))
from codey.app import config as codey_config  # noqa: E402
from codey.coder import spec  # noqa: E402
from codey.coder.context import build_messages  # noqa: E402
from codey.memory.lifecycle import Lifecycle  # noqa: E402
from codey.app.ui import UI  # noqa: E402

PROMPT = [("system", "You are a helpful coding assistant."),
          ("user", "Write a Python function that returns the n-th Fibonacci number iteratively, with a docstring.")]


def decode_rate(stream) -> tuple[float, int]:
    """Tokens per second between the first and the last streamed token (prompt time excluded)."""
    first = last = None
    n = 0
    for _ in stream:
        now = time.perf_counter()
        first = first or now
        last = now
        n += 1
    return (n - 1) / (last - first) if n > 1 else 0.0, n


def raw_decode(path: str, settings) -> float:
    from llama_cpp import Llama

    llm = Llama(path, n_ctx=4096, n_threads=settings.n_threads, n_threads_batch=settings.n_threads_batch,
                use_mmap=settings.use_mmap, verbose=False)
    msgs = [{"role": r, "content": c} for r, c in PROMPT]
    rate, _ = decode_rate(llm.create_chat_completion(messages=msgs, temperature=0, max_tokens=160, stream=True))
    llm.close()
    return rate


def ttft(chat, messages) -> float:
    start = time.perf_counter()
    chat.invoke(messages, max_tokens=1)
    return time.perf_counter() - start


def project(tmp: Path) -> Path:
    """A workspace big enough that the stable prefix (system + repo map) is ~1,500 tokens."""
    ws = tmp / "proj"
    ws.mkdir()
    for i in range(40):
        (ws / f"module_{i}.py").write_text("".join(
            f"def handler_{i}_{j}(request, session, retries=3, timeout=30.0):\n    return None\n\n" for j in range(5)))
    (ws / "app.py").write_text("def main():\n    pass\n")
    return ws


def code_task(request: str, ws: Path) -> dict:
    return {"request": request, "route": "code", "spec": spec.read(request, str(ws))}


def prefix_reuse(models: Lifecycle, ws: Path, settings) -> dict:
    chat = models.get("coder")
    task = code_task("add logging to main in app.py", ws)
    first = build_messages(task, str(ws), settings)
    retry = build_messages(task, str(ws), settings, feedback="app.py does not compile (line 3)")
    cold = ttft(chat, first)
    second = ttft(chat, retry)
    other = code_task("add a docstring to main in app.py", ws)
    warm = ttft(chat, build_messages(other, str(ws), settings))
    models.unload("coder")  # saves the KV state
    start = time.perf_counter()
    chat = models.get("coder")  # restores it
    load = time.perf_counter() - start
    reload = ttft(chat, build_messages(code_task("rename main to run in app.py", ws), str(ws), settings))
    n_prompt = len(chat.client.tokenize(first[0][1].encode()))
    return {"prefix_tokens": n_prompt, "cold_prefill_s": round(cold, 2), "second_step_s": round(second, 2),
            "warm_new_task_s": round(warm, 2), "reload_s": round(load, 2), "reload_ttft_s": round(reload, 2),
            "restored_tokens": models.restored_tokens.get("coder", 0)}


def cold_start(ws: Path, config: Path) -> dict:
    def timed(cmd, **kw):
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(cmd, cwd=ws, capture_output=True, **kw)
            runs.append(time.perf_counter() - start)
        return statistics.median(runs)

    codey = timed([sys.executable, str(ROOT / "run.py"), "--config", str(config), "git status"])
    base = timed([sys.executable, "-c", "pass"]) + timed(["git", "status"])
    return {"codey_git_status_s": round(codey, 3), "python_plus_git_s": round(base, 3),
            "importtime_top_ms": import_times([sys.executable, "-X", "importtime", str(ROOT / "run.py"),
                                               "--config", str(config), "git status"], ws)}


def import_times(cmd: list[str], ws: Path, top: int = 8) -> dict:
    """The slowest top-level imports (cumulative ms) from `python -X importtime`."""
    err = subprocess.run(cmd, cwd=ws, capture_output=True, text=True).stderr
    rows = [l.split("|") for l in err.splitlines() if l.startswith("import time:") and "cumulative" not in l]
    top_level = [(r[2].strip(), int(r[1])) for r in rows if not r[2].startswith("  ")]
    return {name: round(us / 1000, 1) for name, us in sorted(top_level, key=lambda x: -x[1])[:top]}


def router_latency() -> dict:
    data = Path(ROOT.parent / "shared" / "eval" / "router_dev.jsonl")
    data = data if data.exists() else ROOT / "bench" / "data" / "router_holdout.jsonl"
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "router.py"), str(data), "--rules-only"],
                         capture_output=True, text=True).stdout
    acc = next(l for l in out.splitlines() if "accuracy" in l)
    lat = next(l for l in out.splitlines() if l.startswith("latency"))
    p50, p95 = (float(x) for x in lat.split("p50")[1].split("max")[0].replace("p95", "").split())
    return {"file": data.name, "accuracy": acc.split("=")[-1].strip(), "p50_ms": p50, "p95_ms": p95}


def workflows(tmp: Path, config: Path, budget: float) -> dict:
    results = {}
    for name, request in [("tool", "git status"), ("coding", "create a Python script hello.py that prints hello world"),
                          ("plan", "create a directory named docs, then write a hello world script hello.py, then commit with message 'add hello'")]:
        ws = tmp / f"wf_{name}"
        ws.mkdir()
        subprocess.run(["git", "init", "-q"], cwd=ws)
        subprocess.run(["git", "-c", "user.email=b@x", "-c", "user.name=b", "commit", "-q", "--allow-empty", "-m", "init"], cwd=ws)
        out = run_codey(request, ws, config)
        results[name] = {"status": out.get("status"), "seconds": out["seconds"], "peak_rss_mb": out.get("peak_rss_mb"),
                         "rss_over_budget": round((out.get("peak_rss_mb") or 0) / budget, 3)}
    return results


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--config", type=Path)
    args = p.parse_args()
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    config = args.config or bench_config(results_dir / "bench-config.json")
    settings = codey_config.load(config)
    models = Lifecycle(settings, UI(json_mode=True, quiet=True))
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        coder_path = str(models.model_path("coder"))
        raw = raw_decode(coder_path, settings)
        chat = models.get("coder")
        through, _ = decode_rate(chat.stream(PROMPT, max_tokens=160))
        out["decode"] = {"raw_tok_s": round(raw, 1), "codey_tok_s": round(through, 1), "ratio": round(through / raw, 3)}
        out["memory"] = {role: {"estimate_mb": round(m.estimate.total_mb), "measured_rss_mb": round(m.rss_delta_mb),
                                "load_s": round(m.load_s, 2)} for role, m in models.resident.items()}
        out["prefix"] = prefix_reuse(models, project(tmp), settings)
        models.close()
        small = Lifecycle(settings.model_copy(update={"coder": settings.router}), UI(json_mode=True, quiet=True))
        small.get("coder")
        out["memory"]["small (" + settings.router.model + ")"] = {
            "estimate_mb": round(small.resident["coder"].estimate.total_mb),
            "measured_rss_mb": round(small.resident["coder"].rss_delta_mb), "load_s": round(small.resident["coder"].load_s, 2)}
        small.close()
        repo = tmp / "cold"
        repo.mkdir()
        subprocess.run(["git", "init", "-q"], cwd=repo)
        out["cold_start"] = cold_start(repo, config)
        out["router"] = router_latency()
        out["workflows"] = workflows(tmp, config, settings.memory_budget_mb)
    pr, cs = out["prefix"], out["cold_start"]
    rows = [
        ("decode tok/s through Codey ÷ raw llama-cpp-python", out["decode"]["ratio"], "≥ 0.95"),
        ("second step's prompt cost ÷ cold prefill", round(pr["second_step_s"] / pr["cold_prefill_s"], 3), "≤ 0.10"),
        ("TTFT after unload + reload (saved prefix) ÷ warm", round(pr["reload_ttft_s"] / pr["warm_new_task_s"], 2), "≤ 2"),
        ("cold `run.py \"git status\"` ÷ (python -c pass + git status)",
         round(cs["codey_git_status_s"] / cs["python_plus_git_s"], 2), "≤ 3"),
        ("router p50 / p95 ms", f"{out['router']['p50_ms']} / {out['router']['p95_ms']}", "≤ 150 / 500"),
    ] + [(f"workflow {k}: seconds, peak RSS ÷ budget", f"{v['seconds']} s, {v['rss_over_budget']}", "≤ 1.0")
         for k, v in out["workflows"].items()]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'value':>16}  target")
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {str(value):>16}  {target}")
    print(json.dumps({k: out[k] for k in ("decode", "memory", "prefix", "cold_start")}, indent=1))
    (results_dir / "run_all.json").write_text(json.dumps({"table": rows, **out}, indent=1))


if __name__ == "__main__":
    main()
