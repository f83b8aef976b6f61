from codey.coder.brackets import Scanner, allowed


def scan(text):
    s = Scanner()
    for i in range(0, len(text), 3):
        s.feed(text[i:i + 3])
    return s


def test_stack_follows_code_inside_fences_only():
    s = scan("Here (is prose\n```python\nx = f(a, [1, 2")
    assert s.in_code and s.stack == ["(", "["]
    assert allowed("])", s.stack) and not allowed(")", s.stack) and not allowed("]))", s.stack)


def test_strings_and_comments_do_not_count():
    s = scan("```python\ny = g(')', \"(\", '''(\n'''  # (\n")
    assert s.stack == ["("]
    s = scan("```python\nprint(x)\n```\nafter the fence ( ")
    assert not s.in_code and s.stack == []


def test_a_prefilled_fence_puts_the_guard_in_code():
    import numpy as np
    from types import SimpleNamespace

    from codey.coder.brackets import BracketGuard

    llm = SimpleNamespace(detokenize=lambda ids: {0: b"f(x", 1: b")", 2: b"))"}[ids[0]])
    guard = BracketGuard(llm, {")": [1], "))": [2]}, prefill="solution.py\n```python\n")
    guard([9, 9], np.zeros(3))  # the prompt
    scores = guard([9, 9, 0], np.zeros(3))  # "f(x" generated: one ")" may close it, "))" may not
    assert scores[1] == 0 and scores[2] == -np.inf
