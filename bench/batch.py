"""Prefill speed of the coder by batch size: the evidence behind N_BATCH in codey/memory/lifecycle.py.

    python bench/batch.py [--sizes 64 128 256 512 1024] [--tokens 1500]
"""
import argparse
import sys
import time

from common import ROOT, bench_config

sys.path.insert(0, str(ROOT))
from codey.app import config as codey_config  # noqa: E402
from codey.memory.lifecycle import Lifecycle  # noqa: E402
from codey.app.ui import UI  # noqa: E402


def prefill_s(llm, tokens: list[int]) -> float:
    llm.reset()
    start = time.perf_counter()
    llm.eval(tokens)
    return time.perf_counter() - start


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", type=int, nargs="*", default=[64, 128, 256, 512, 1024])
    p.add_argument("--tokens", type=int, default=1500)
    args = p.parse_args()
    from llama_cpp import Llama

    settings = codey_config.load(bench_config(ROOT / "bench" / "results" / "bench-config.json"))
    path = str(Lifecycle(settings, UI(quiet=True)).model_path("coder"))
    text = (ROOT / "codey" / "edits.py").read_text() * 3
    print(f"{'n_batch':>8}  {'prefill s':>9}  {'tok/s':>7}")
    for size in args.sizes:
        llm = Llama(model_path=path, n_ctx=4096, n_batch=size, n_ubatch=size, n_threads=settings.n_threads,
                    n_threads_batch=settings.n_threads_batch, use_mmap=False, verbose=False)
        tokens = llm.tokenize(text.encode())[: args.tokens]
        prefill_s(llm, tokens[:64])  # warm-up
        seconds = min(prefill_s(llm, tokens) for _ in range(2))
        print(f"{size:>8}  {seconds:>9.2f}  {len(tokens) / seconds:>7.1f}", flush=True)
        llm.close()


if __name__ == "__main__":
    main()
