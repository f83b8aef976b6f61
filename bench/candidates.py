"""Batched candidates: aggregate decode speed of N candidates for one prompt (codey/memory/batch.py).

    python bench/candidates.py [--n 1 2 4 8] [--tokens 200] [--exercise binary_search] [--rounds 2] [--pure q4_k|q4_0]

The prompt is Codey's own for an editing exercise (stub and instructions), rendered with the coder's chat
template. Each setting runs once per round, rounds interleaved, and its fastest round is reported: the machine
may be shared, and ratios within one run are what counts. `--pure TYPE` measures a copy of the coder with every
tensor in one type (written once to bench/results/): llama.cpp repacks Q4_K and Q4_0 weights for its batched CPU
kernels, but not the Q6_K tensors of a Q4_K_M file.
"""
import argparse
import ctypes
import shutil
import sys
import tempfile
import time
from pathlib import Path

import llama_cpp
import psutil
from llama_cpp._utils import suppress_stdout_stderr

from common import ROOT, bench_config

RESULTS = ROOT / "bench" / "results"

sys.path.insert(0, str(ROOT))
from langchain_core.messages import convert_to_messages  # noqa: E402

from codey.app import config as codey_config  # noqa: E402
from codey.coder import spec  # noqa: E402
from codey.coder.context import build_messages  # noqa: E402
from codey.memory import batch  # noqa: E402
from codey.memory.lifecycle import Lifecycle, PeakRSS, rss_mb  # noqa: E402
from codey.app.ui import UI  # noqa: E402


def exercise_prompt(chat, settings, slug: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / slug
        shutil.copytree(ROOT / "bench" / "exercises" / slug, ws, ignore=shutil.ignore_patterns("*_test.py"))
        request = f"Implement {slug}.py so that it does what instructions.md describes"
        task = {"request": request, "route": "code", "spec": spec.read(request, str(ws))}
        return chat.render(convert_to_messages(build_messages(task, str(ws), settings)))


def busy_s() -> tuple[float, float]:
    """CPU seconds used by the whole machine and by this process so far."""
    total, own = psutil.cpu_times(), psutil.Process().cpu_times()
    return total.user + total.system + total.nice, own.user + own.system


def requantized(source: Path, kind: str) -> Path:
    target = RESULTS / f"{source.stem}-pure-{kind}.gguf"
    if not target.exists():
        ftype, gtype = {"q4_k": (llama_cpp.LLAMA_FTYPE_MOSTLY_Q4_K_S, llama_cpp.GGML_TYPE_Q4_K),
                        "q4_0": (llama_cpp.LLAMA_FTYPE_MOSTLY_Q4_0, llama_cpp.GGML_TYPE_Q4_0)}[kind]
        params = llama_cpp.llama_model_quantize_default_params()
        params.ftype, params.output_tensor_type, params.token_embedding_type = ftype, gtype, gtype
        params.allow_requantize, params.pure = True, True
        partial = target.with_suffix(".partial")
        print(f"requantizing {source.name} to {kind} (~30 s)", flush=True)
        with suppress_stdout_stderr(disable=False):  # a line per tensor
            failed = llama_cpp.llama_model_quantize(str(source).encode(), str(partial).encode(), ctypes.byref(params))
        if failed:
            raise SystemExit(f"could not requantize {source} to {kind}")
        partial.rename(target)
    return target


def run(llm, prompt: str, n: int, tokens: int, batched: bool) -> dict:
    first = []
    busy = busy_s()
    start = time.perf_counter()
    with PeakRSS() as peak:
        found = batch.sample(llm, prompt, n, tokens, temperature=0.8, seed=7, batched=batched,
                             on_token=lambda s, text: first or first.append(time.perf_counter()))
    wall = time.perf_counter() - start
    machine, own = (after - before for after, before in zip(busy_s(), busy))
    prompt_s = first[0] - start if first else wall
    generated = sum(c.tokens for c in found)
    assert all(c.batched == batched for c in found), "the batched path fell back"
    return {"wall": wall, "prompt_s": prompt_s, "generated": generated, "peak": peak.peak_mb,
            "tok_s": generated / max(wall - prompt_s, 1e-9), "others": (machine - own) / wall / psutil.cpu_count()}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, nargs="*", default=[1, 2, 4, 8])
    p.add_argument("--tokens", type=int, default=200)
    p.add_argument("--exercise", default="binary_search")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--pure", choices=["q4_k", "q4_0"])
    args = p.parse_args()
    settings = codey_config.load(bench_config(RESULTS / "bench-config.json"))
    if args.pure:
        pure = requantized(Lifecycle(settings, UI(quiet=True)).model_path("coder"), args.pure)
        coder = {**settings.coder.model_dump(), "model": str(pure)}
        settings = codey_config.load(bench_config(RESULTS / f"bench-config-{args.pure}.json", coder=coder))
    models = Lifecycle(settings, UI(quiet=True))
    chat = models.get("coder")
    llm, budget = chat.client, settings.memory_budget_mb
    prompt = exercise_prompt(chat, settings, args.exercise)
    n_prompt = len(llm.tokenize(prompt.encode(), special=True))
    print(f"coder {Path(models.resident['coder'].path).name}, prompt {n_prompt} tokens, {args.tokens} new tokens "
          f"per candidate, RSS with the coder loaded {rss_mb():.0f} MB, budget {budget} MB")
    run(llm, prompt, 1, 8, True)  # warm-up
    cases = [(n, True) for n in args.n] + [(4, False)]
    best = {}
    for _ in range(args.rounds):
        for n, batched in cases:
            r = run(llm, prompt, n, args.tokens, batched)
            print(f"  N={n} {'batched' if batched else 'sequential'}: {r['tok_s']:.1f} tok/s, other processes used "
                  f"{r['others']:.0%} of the CPUs", file=sys.stderr, flush=True)
            if (n, batched) not in best or r["tok_s"] > best[n, batched]["tok_s"]:
                best[n, batched] = r
    print(f"{'N':>2} {'path':>10} {'wall s':>7} {'prompt s':>8} {'tokens':>6} {'tok/s':>6} {'x N=1':>5} "
          f"{'peak MB':>7} {'estimate +MB':>12} {'others':>6}")
    for n, batched in cases:
        r = best[n, batched]
        est = models.batch_estimate("coder", n_prompt + n * args.tokens).total_mb if batched else 0
        print(f"{n:>2} {'batched' if batched else 'sequential':>10} {r['wall']:>7.1f} {r['prompt_s']:>8.1f} "
              f"{r['generated']:>6} {r['tok_s']:>6.1f} {r['tok_s'] / best[1, True]['tok_s']:>5.2f} {r['peak']:>7.0f} "
              f"{est:>12.0f} {r['others']:>6.0%}")


if __name__ == "__main__":
    main()
