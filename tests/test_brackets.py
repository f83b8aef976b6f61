from codey.brackets import Scanner, allowed


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
