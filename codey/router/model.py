"""Routing by a small model: score each label's log-probability after a few-shot prompt, one forward pass.

This talks to llama-cpp-python's Llama (ChatLlamaCpp's .client) directly: ChatLlamaCpp can only sample text,
and here we need the next-token distribution over a handful of fixed labels (cheaper and steadier than a grammar).
"""
from __future__ import annotations

import math

import numpy as np

ROUTES = ("tool", "question", "code", "plan")

# The stable prefix: it stays in the KV cache, so each request pays only for its own few tokens.
PREFIX = """Classify a developer's request to a coding assistant by what must happen.
tool: run one command: git (status, log, diff, commit, push, pull, branch), list, read, create folder, move, copy, delete, run tests or a shell command.
question: answer or explain; no files change.
code: write or change source code in files.
plan: several distinct actions in sequence, or a condition.

Request: build the docker image and push it to the registry
Route: plan
Request: add input validation to the signup form handler
Route: code
Request: what does the parse function return?
Route: question
Request: show me what changed
Route: tool
Request: create a package layout, add a setup.py and commit it
Route: plan
Request: write a CLI that converts csv to json
Route: code
Request: how do decorators work in python
Route: question
Request: lies mir die datei setup.cfg vor
Route: tool
Request: écris une fonction qui inverse une chaîne
Route: code
Request: good morning
Route: question
Request: commit everything with the message wip
Route: tool
Request: rename the variable x to count in stats.py
Route: code
"""


class ModelRouter:
    def __init__(self, llm):
        self.llm = llm
        self.label_tokens = {r: llm.tokenize(f" {r}".encode(), add_bos=False, special=False)[0] for r in ROUTES}
        # Contextual calibration: a content-free request shows the prompt's own bias toward each label.
        self.prior = {r: 0.0 for r in ROUTES}
        self.prior = self.scores("N/A")

    def scores(self, request: str) -> dict[str, float]:
        """Calibrated log-probabilities of each route label, normalised over the labels."""
        text = PREFIX + f"Request: {' '.join(request.split())[:400]}\nRoute:"
        logits = self._next_logits(self.llm.tokenize(text.encode(), add_bos=True, special=False))
        raw = {r: float(logits[t]) for r, t in self.label_tokens.items()}
        top = max(raw.values())
        norm = math.log(sum(math.exp(v - top) for v in raw.values())) + top
        calibrated = {r: v - norm - self.prior[r] for r, v in raw.items()}
        top = max(calibrated.values())
        norm = math.log(sum(math.exp(v - top) for v in calibrated.values())) + top
        return {r: v - norm for r, v in calibrated.items()}

    def _next_logits(self, tokens: list[int]) -> np.ndarray:
        llm = self.llm
        common = 0
        for old, new in zip(llm.input_ids[: llm.n_tokens], tokens[:-1]):
            if old != new:
                break
            common += 1
        llm.n_tokens = common  # keep the shared prefix in the KV cache; eval() drops the rest
        llm.eval(tokens[common:])
        # With logits_all off, llama-cpp-python keeps no score rows; read the last token's logits from the context.
        return np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(llm.n_vocab(),)).copy()

    def route(self, request: str) -> dict:
        scores = self.scores(request)
        best = max(scores, key=scores.get)
        return {"route": best, "by": "model", "confidence": round(math.exp(scores[best]), 3)}
