"""Batched candidates (codey/memory/batch.py) on the real 0.5B model."""
import gc

import numpy as np
import pytest

from codey.app import config
from codey.memory import batch
from codey.memory.lifecycle import Lifecycle, rss_mb
from codey.app.ui import UI

PROMPT = ("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n"
          "Write a Python function is_prime(n).<|im_end|>\n<|im_start|>assistant\n")


@pytest.fixture(scope="module")
def models():
    settings = config.Settings(**{**config.machine_defaults(), "memory_budget_mb": 4000})
    models = Lifecycle(settings, UI(quiet=True))
    models.get("router")
    yield models
    models.close()


@pytest.fixture
def llm(models):
    return models.get("router").client


def greedy(llm, prompt: str, k: int) -> str:
    return llm.create_completion(prompt, temperature=0, max_tokens=k)["choices"][0]["text"]


def test_candidates_come_back_cut_at_max_tokens(llm):
    found = batch.sample(llm, PROMPT, 3, max_tokens=12, temperature=0.8, seed=3)
    assert len(found) == 3 and all(c.batched for c in found)
    assert all(c.text.strip() and c.tokens == 12 and c.finish == "length" and c.logprob < 0 for c in found)


@pytest.mark.parametrize("batched", [True, False])
def test_greedy_candidates_are_the_models_greedy_reply(llm, batched):
    expected = greedy(llm, PROMPT, 16)
    found = batch.sample(llm, PROMPT, 2, max_tokens=16, temperature=0, batched=batched)
    assert [c.text for c in found] == [expected, expected] and found[0].batched == batched


def test_without_a_batch_context_candidates_are_sampled_one_by_one(llm, monkeypatch):
    monkeypatch.setattr(batch.llama_cpp, "llama_init_from_model", lambda model, params: None)
    found = batch.sample(llm, PROMPT, 2, max_tokens=8, temperature=0.8, seed=4)
    assert len(found) == 2 and all(c.text and c.tokens == 8 and not c.batched for c in found)


def test_multibyte_characters_survive_token_boundaries(llm):
    prompt = PROMPT.replace("Write a Python function is_prime(n).", "Say 'good morning' in Japanese and in Greek.")
    expected = greedy(llm, prompt, 24)
    text = batch.sample(llm, prompt, 1, max_tokens=24, temperature=0)[0].text
    assert text == expected and "\ufffd" not in text and any(ord(c) > 0x3000 for c in text)


def test_a_candidate_that_repeats_itself_is_cut_off_long_before_max_tokens(llm):
    prompt = PROMPT.replace("Write a Python function is_prime(n).",
                            "Write the line 'ok = True' 300 times, one per line, nothing else.")
    found = batch.sample(llm, prompt, 2, max_tokens=1500, temperature=0)
    assert all(c.finish == "length" and c.tokens < 400 and "ok = True\nok = True" in c.text for c in found)


def test_seeds_give_different_candidates_reproducibly(llm):
    first = [c.text for c in batch.sample(llm, PROMPT, 4, max_tokens=10, temperature=1.0, seed=11)]
    again = [c.text for c in batch.sample(llm, PROMPT, 4, max_tokens=10, temperature=1.0, seed=11)]
    assert len(set(first)) > 1 and first == again


def test_greedy_first_keeps_one_greedy_candidate(llm):
    found = batch.sample(llm, PROMPT, 3, max_tokens=16, temperature=1.5, seed=5, greedy_first=True)
    assert found[0].text == greedy(llm, PROMPT, 16)


def test_stop_strings_end_a_candidate_and_progress_is_reported(llm):
    shown = {}
    found = batch.sample(llm, PROMPT, 3, max_tokens=64, temperature=0.7, seed=2, stop=["\n"],
                         on_token=lambda s, text: shown.__setitem__(s, shown.get(s, "") + text))
    assert all(c.finish == "stop" and "\n" not in c.text and c.tokens < 64 for c in found)
    assert [shown.get(s, "") for s in range(3)] == [c.text for c in found]


@pytest.mark.parametrize("batched", [True, False])
def test_guards_forbid_tokens(llm, batched):
    first = llm.tokenize(greedy(llm, PROMPT, 1).encode())[0]

    def ban(input_ids, scores):
        scores[first] = -np.inf
        return scores

    found = batch.sample(llm, PROMPT, 2, max_tokens=4, temperature=0, guards=lambda: [ban], batched=batched)
    assert all(c.text and not c.text.startswith(greedy(llm, PROMPT, 1)) for c in found)


def test_the_batch_context_is_freed(llm):
    gc.collect()
    before, peak = rss_mb(), []
    batch.sample(llm, PROMPT, 8, max_tokens=1500, temperature=0.8, seed=1, stop=["\n"],
                 on_token=lambda s, text: peak.append(rss_mb()))
    gc.collect()
    assert max(peak) - before > 100  # 8 × 1500 tokens of KV cache
    assert rss_mb() - before < 20


def test_candidates_that_do_not_fit_the_budget_are_fewer_or_sampled_one_by_one(models, llm):
    n_prompt = len(llm.tokenize(PROMPT.encode(), special=True))
    used = sum(r.estimate.total_mb for r in models.resident.values())
    two = models.batch_estimate("router", n_prompt + 2 * 512).total_mb  # each candidate adds ~6 MB
    models.settings.memory_budget_mb = int(used + two + 1)
    try:
        found = models.sample("router", PROMPT, 4, max_tokens=512, temperature=0.8, seed=1, stop=["\n"])
        assert len(found) == 2 and all(c.batched for c in found)
        models.settings.memory_budget_mb = int(used + 1)
        found = models.sample("router", PROMPT, 3, max_tokens=8, temperature=0.8, seed=1)
        assert len(found) == 3 and not any(c.batched for c in found)
    finally:
        models.settings.memory_budget_mb = 4000
