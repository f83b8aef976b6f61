"""A llama.cpp logits processor that stops the coder from closing brackets that were never opened.

The default Qwen2.5-Coder-1.5B Q4_K_M file wrote `len(x)))` or `d["k"]])` (one closer too many) often while it
ran with a wrong RoPE base (see codey/memory/chat.py), and still does now and then; each costs a verify round. Inside fenced code, this tracks the open brackets of the reply (skipping strings and
comments) and forbids tokens whose closing brackets do not match them.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

PAIRS = {")": "(", "]": "[", "}": "{"}
OPEN = set(PAIRS.values())


def bracket_tokens(llm, cache: Path) -> dict[str, list[int]]:
    """Bracket sequence → token ids, for tokens made of brackets plus harmless characters (cached per model)."""
    if cache.is_file():
        return json.loads(cache.read_text())
    groups: dict[str, list[int]] = {}
    for i in range(llm.n_vocab()):
        text = llm.detokenize([i]).decode("utf-8", "ignore")
        if any(c in text for c in ")]}") and not any(c in text for c in "'\"#`\\"):
            groups.setdefault("".join(c for c in text if c in "()[]{}"), []).append(i)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(groups))
    return groups


class Scanner:
    """Follows fenced code in streamed text: whether we are inside a fence, and the stack of open brackets."""

    def __init__(self):
        self.text, self.pos, self.in_code, self.stack = "", 0, False, []
        self.string: str | None = None  # the quote that opened the current string literal
        self.comment = False

    def feed(self, text: str) -> None:
        self.text += text
        while self.pos < len(self.text):
            rest = self.text[self.pos:]
            if self.string is None and not self.comment and self._line_start() and "```".startswith(rest):
                return  # maybe a fence: wait for the rest of it
            if self.string is None and not self.comment and rest.startswith("```") and self._line_start():
                if len(rest) < 4 and "\n" not in rest:
                    return  # wait to see the whole fence line
                self.in_code, self.stack = not self.in_code, []
                end = rest.find("\n")
                self.pos += len(rest) if end < 0 else end + 1
                continue
            if not self._step(rest):
                return

    def _line_start(self) -> bool:
        return self.pos == 0 or self.text[self.pos - 1] == "\n"

    def _step(self, rest: str) -> bool:
        """Consume one character (or an escape / a quote run); False when more text is needed first."""
        c = rest[0]
        step = 1
        if not self.in_code:
            pass
        elif self.comment:
            self.comment = c != "\n"
        elif self.string:
            if self.string.startswith(rest) and len(rest) < len(self.string):
                return False  # maybe the closing quotes: wait
            if c == "\\":
                if len(rest) < 2:
                    return False
                step = 2
            elif rest.startswith(self.string):
                step, self.string = len(self.string), None
            elif c == "\n" and len(self.string) == 1:
                self.string = None
        elif c == "#":
            self.comment = True
        elif c in "'\"":
            if len(rest) < 3 and rest == c * len(rest):
                return False  # cannot tell ' from a triple quote yet
            self.string = c * 3 if rest.startswith(c * 3) else c
            step = len(self.string)
        elif c in OPEN:
            self.stack.append(c)
        elif c in PAIRS and self.stack and self.stack[-1] == PAIRS[c]:
            self.stack.pop()
        self.pos += step
        return True


def allowed(seq: str, stack: list[str]) -> bool:
    stack = list(stack)
    for c in seq:
        if c in OPEN:
            stack.append(c)
        elif not stack or stack.pop() != PAIRS[c]:
            return False
    return True


class BracketGuard:
    """Use as `logits_processor=[BracketGuard(llm, groups)]`; one instance per reply."""

    def __init__(self, llm, groups: dict[str, list[int]], prefill: str = ""):
        self.llm, self.groups = llm, {k: np.array(v) for k, v in groups.items()}
        self.start: int | None = None
        self.scanner = Scanner()
        self.scanner.feed(prefill)  # the reply's start, written by Codey (e.g. an open fence)

    def __call__(self, input_ids, scores):
        if self.start is None:
            self.start = len(input_ids)
        else:
            self.scanner.feed(self.llm.detokenize([int(input_ids[-1])]).decode("utf-8", "ignore"))
        if self.scanner.in_code and self.scanner.string is None and not self.scanner.comment:
            for seq, ids in self.groups.items():
                if not allowed(seq, self.scanner.stack):
                    scores[ids] = -np.inf
        return scores
