"""N candidate replies to one prompt, decoded together in one llama.cpp batch.

The prompt is decoded once; its KV cells are shared by every sequence (a unified KV cache), then each
`llama_decode` call advances all live sequences by one token. On a CPU one decode of N tokens reads the
weights once, so N candidates cost far less than N replies (measured in bench/candidates.py). Where batching
is unavailable the candidates are sampled one after another on the loaded model.
"""
from __future__ import annotations

import codecs
import contextlib
from dataclasses import dataclass
from typing import Callable

import llama_cpp
import numpy as np

TOP_K, MIN_P = 40, 0.05  # llama-cpp-python's defaults, so both paths sample alike
LOW_LEVEL = ("llama_batch_init", "llama_decode", "llama_get_memory", "llama_memory_seq_cp",
             "llama_get_logits_ith", "llama_sampler_sample", "llama_init_from_model", "llama_max_parallel_sequences")


def looping(text: str, window: int = 200) -> bool:
    """True when the reply has started repeating itself (small models can loop until max_tokens)."""
    return len(text) > 3 * window and text.count(text[-window:]) >= 3


@dataclass
class Candidate:
    text: str
    tokens: int
    logprob: float  # mean log-probability of its tokens under the model (at temperature 1)
    finish: str  # "stop" (EOS or a stop string) or "length" (max_tokens, or cut off because it was looping)
    batched: bool


class Unavailable(RuntimeError):
    """This llama.cpp build or this model cannot decode several sequences in one context."""


class Seq:
    """One candidate as it grows: text decoded from byte pieces (UTF-8 may span tokens), cut at a stop string."""

    def __init__(self, llm, stop: list[str], max_tokens: int, guards: list):
        self.llm, self.stop, self.max_tokens, self.guards = llm, [s for s in stop if s], max_tokens, guards
        self.hold = max(map(len, self.stop), default=1) - 1  # text that may start a stop string is not shown yet
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.ids: list[int] = []
        self.text, self.shown, self.logprob, self.finish = "", 0, 0.0, None

    def add(self, token: int, logprob: float) -> None:
        if llama_cpp.llama_vocab_is_eog(self.llm._model.vocab, token):
            self.finish = "stop"
            self.text += self.decoder.decode(b"", final=True)
            return
        self.ids.append(token)
        self.logprob += logprob
        start = max(0, len(self.text) - self.hold)
        self.text += self.decoder.decode(self.llm.detokenize([token]), final=len(self.ids) >= self.max_tokens)
        cut = min((i for i in (self.text.find(s, start) for s in self.stop) if i >= 0), default=-1)
        if cut >= 0:
            self.text, self.finish = self.text[:cut], "stop"
        elif len(self.ids) >= self.max_tokens or len(self.ids) % 32 == 0 and looping(self.text):
            self.finish = "length"  # a looping sequence would hold the whole batch until max_tokens

    def news(self) -> str:
        """Text not shown yet, minus what may still turn out to be the start of a stop string."""
        end = len(self.text) if self.finish else max(self.shown, len(self.text) - self.hold)
        piece, self.shown = self.text[self.shown:end], end
        return piece

    def guard(self, prompt: list[int], logits: np.ndarray) -> None:
        for g in self.guards:
            logits[:] = g(np.array(prompt + self.ids, dtype=np.intc), logits)

    def candidate(self, batched: bool) -> Candidate:
        mean = self.logprob / len(self.ids) if self.ids else 0.0
        return Candidate(self.text, len(self.ids), mean, self.finish or "length", batched)


def sample(llm, prompt: str, n: int, max_tokens: int, temperature: float, top_p: float = 0.95,
           seed: int | None = None, stop: list[str] = (), greedy_first: bool = False,
           guards: Callable[[], list] | None = None, on_token: Callable[[int, str], None] | None = None,
           batched: bool = True) -> list[Candidate]:
    """n continuations of prompt (raw text, e.g. a rendered chat prompt), in sequence order.

    Sequence i samples with seed + i; it is greedy when temperature <= 0, and so is sequence 0 with
    greedy_first. guards() makes the logits processors for one sequence (e.g. Lifecycle.guards); on_token(i, text)
    reports text as it is decoded. Without batching (batched=False, or the context cannot be made) the
    sequences are sampled one after another on llm itself; a batch that fails part way is sampled again that
    way, so on_token may then see a sequence start over."""
    prompt_ids = llm.tokenize(prompt.encode(), special=True)
    max_tokens = max(1, min(max_tokens, llm.n_ctx() - len(prompt_ids)))
    base = np.random.randint(2**31 - n) if seed is None else seed
    settings = [(0.0 if temperature <= 0 or (greedy_first and i == 0) else temperature, top_p, base + i)
                for i in range(n)]

    def run(decode) -> list[Candidate]:
        seqs = [Seq(llm, list(stop), max_tokens, guards() if guards else []) for _ in range(n)]
        decode(llm, prompt_ids, seqs, settings, on_token)
        return [s.candidate(decode is _batched) for s in seqs]

    if batched:
        with contextlib.suppress(Unavailable):
            return run(_batched)
    return run(_sequential)


def _batched(llm, prompt: list[int], seqs: list[Seq], settings: list[tuple], on_token) -> None:
    n, chunk = len(seqs), llm.n_batch
    n_ctx = len(prompt) + n * seqs[0].max_tokens + 1
    with _context(llm, n, n_ctx) as ctx, _batch(max(chunk, n)) as batch, _samplers(settings) as samplers:
        for i in range(0, len(prompt), chunk):
            _decode(ctx, batch, [(t, p, 0, p == len(prompt) - 1) for p, t in enumerate(prompt[i:i + chunk], i)])
        memory = llama_cpp.llama_get_memory(ctx)
        for s in range(1, n):
            llama_cpp.llama_memory_seq_cp(memory, 0, s, -1, -1)  # unified cache: the cells are shared, not copied
        rows, pos = {s: batch.n_tokens - 1 for s in range(n)}, len(prompt)
        while rows:
            step = []
            for s, row in rows.items():
                logits = _logits(ctx, row, llm.n_vocab())
                lse = _logsumexp(logits)
                seqs[s].guard(prompt, logits)
                token = llama_cpp.llama_sampler_sample(samplers[s], ctx, row)
                _add(seqs, s, token, float(logits[token] - lse), on_token)
                if not seqs[s].finish:
                    step.append((token, pos, s, True))
            if step:
                _decode(ctx, batch, step)
            rows, pos = {s: i for i, (_, _, s, _) in enumerate(step)}, pos + 1


def _sequential(llm, prompt: list[int], seqs: list[Seq], settings: list[tuple], on_token) -> None:
    for s, (seq, (temp, top_p, seed)) in enumerate(zip(seqs, settings)):
        llm.set_seed(seed)
        for token in llm.generate(prompt, top_k=TOP_K, top_p=top_p, min_p=MIN_P, temp=temp, repeat_penalty=1.0,
                                  logits_processor=seq.guards or None):
            logits = _logits(llm._ctx.ctx, -1, llm.n_vocab())  # still the logits this token was sampled from
            _add(seqs, s, token, float(logits[token] - _logsumexp(logits)), on_token)
            if seq.finish:
                break


def _add(seqs: list[Seq], s: int, token: int, logprob: float, on_token) -> None:
    seqs[s].add(token, logprob)
    if on_token and (text := seqs[s].news()):
        on_token(s, text)


@contextlib.contextmanager
def _context(llm, n_seq: int, n_ctx: int):
    """A second context on llm's weights (nothing is loaded again), freed on exit so its KV cache's RAM returns."""
    if not all(hasattr(llama_cpp, f) for f in LOW_LEVEL) or n_seq > llama_cpp.llama_max_parallel_sequences():
        raise Unavailable("this llama.cpp cannot decode several sequences")
    params = llama_cpp.llama_context_params.from_buffer_copy(llm.context_params)
    params.n_ctx, params.n_seq_max, params.kv_unified = n_ctx, n_seq, True
    ctx = llama_cpp.llama_init_from_model(llm._model.model, params)
    if not ctx:
        raise Unavailable(f"no llama.cpp context for {n_seq} sequences of {n_ctx} tokens")
    try:
        yield ctx
    finally:
        llama_cpp.llama_free(ctx)


@contextlib.contextmanager
def _batch(size: int):
    batch = llama_cpp.llama_batch_init(size, 0, 1)
    try:
        yield batch
    finally:
        llama_cpp.llama_batch_free(batch)


@contextlib.contextmanager
def _samplers(settings: list[tuple]):
    chains = [_chain(*s) for s in settings]
    try:
        yield chains
    finally:
        for chain in chains:
            llama_cpp.llama_sampler_free(chain)


def _chain(temperature: float, top_p: float, seed: int):
    chain = llama_cpp.llama_sampler_chain_init(llama_cpp.llama_sampler_chain_default_params())
    if temperature <= 0:
        parts = [llama_cpp.llama_sampler_init_greedy()]
    else:
        parts = [llama_cpp.llama_sampler_init_top_k(TOP_K), llama_cpp.llama_sampler_init_top_p(top_p, 1),
                 llama_cpp.llama_sampler_init_min_p(MIN_P, 1), llama_cpp.llama_sampler_init_temp(temperature),
                 llama_cpp.llama_sampler_init_dist(seed)]
    for part in parts:
        llama_cpp.llama_sampler_chain_add(chain, part)  # the chain owns and frees its parts
    return chain


def _decode(ctx, batch, items: list[tuple[int, int, int, bool]]) -> None:
    """Decode (token, position, sequence, wants logits) items as one batch."""
    for i, (token, pos, seq, out) in enumerate(items):
        batch.token[i], batch.pos[i], batch.n_seq_id[i], batch.logits[i] = token, pos, 1, out
        batch.seq_id[i][0] = seq
    batch.n_tokens = len(items)
    if rc := llama_cpp.llama_decode(ctx, batch):
        raise Unavailable(f"llama_decode returned {rc}")


def _logits(ctx, row: int, n_vocab: int) -> np.ndarray:
    """A writable view of the logits llama.cpp will sample from."""
    return np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(ctx, row), shape=(n_vocab,))


def _logsumexp(logits: np.ndarray) -> float:
    top = float(logits.max())
    return top + float(np.log(np.exp(logits - top).sum()))
