"""Edit formats: whole files and SEARCH/REPLACE blocks, applied only when every block is sound."""
import pytest

from codey.coder import edits
from codey.app.errors import TaskFailed
from codey.app.ui import UI

SOURCE = "class A:\n    def f(self):\n        return 1\n\n    def g(self):\n        return 2\n"


def apply(workspace, reply, default=None):
    return edits.apply(str(workspace), edits.parse(reply, default), {}, UI(quiet=True))


def block(search, replace, path="a.py"):
    return f"{path}\n<<<<<<< SEARCH\n{search}=======\n{replace}>>>>>>> REPLACE\n"


def test_exact_search_replace(workspace):
    (workspace / "a.py").write_text(SOURCE)
    apply(workspace, block("        return 1\n", "        return 10\n"))
    assert (workspace / "a.py").read_text() == SOURCE.replace("return 1\n", "return 10\n")


def test_indentation_is_tolerated_and_restored(workspace):
    (workspace / "a.py").write_text(SOURCE)
    apply(workspace, block("def g(self):\n    return 2\n", "def g(self):\n    return 20\n"))
    assert "    def g(self):\n        return 20\n" in (workspace / "a.py").read_text()


def test_a_block_matching_nothing_or_twice_changes_nothing(workspace):
    (workspace / "a.py").write_text(SOURCE)
    with pytest.raises(TaskFailed, match="matches nothing"):
        apply(workspace, block("return 3\n", "return 4\n") + block("        return 1\n", "        return 9\n"))
    assert (workspace / "a.py").read_text() == SOURCE
    (workspace / "b.py").write_text("x = 1\nx = 1\n")
    with pytest.raises(TaskFailed, match="matches 2 places"):
        apply(workspace, block("x = 1\n", "x = 2\n", path="b.py"))
    assert (workspace / "b.py").read_text() == "x = 1\nx = 1\n"


def test_file_name_forms_and_default_path(workspace):
    reply = "Here it is:\n\n**`pkg/util.py`**\n```python\nX = 1\n```\n"
    assert apply(workspace, reply) == ["pkg/util.py"]
    assert apply(workspace, "```python\nY = 2\n```\n", default="only.py") == ["only.py"]
    assert apply(workspace, "```\ncalc.py\nZ = 3\n```\n", default="only.py") == ["calc.py"]
    assert (workspace / "calc.py").read_text() == "Z = 3\n"  # the bare name line is not code
    assert edits.parse("```markdown\n# Notes\n```\n", "only.py") == []  # markdown is never a .py file


def test_edits_outside_the_workspace_are_refused(workspace, tmp_path):
    from codey.app.errors import PathEscape

    with pytest.raises(PathEscape):
        apply(workspace, "../evil.py\n```python\nx = 1\n```\n")
    assert not (tmp_path / "evil.py").exists()


def test_stray_closing_brackets_are_repaired_only_when_that_compiles(workspace):
    apply(workspace, "m.py\n```python\nx = dict(a=int(1)))\ny = [1, 2]]\n```\n")
    assert (workspace / "m.py").read_text() == "x = dict(a=int(1))\ny = [1, 2]\n"
    apply(workspace, "n.py\n```python\nx = (1\n```\n")
    assert (workspace / "n.py").read_text() == "x = (1\n"  # not a stray bracket: left for verify to report


def test_a_reply_with_only_the_changed_function_is_spliced_in(workspace):
    (workspace / "m.py").write_text("import sys\n\n\ndef a():\n    return 1\n\n\ndef b():\n    return 2\n\n\n"
                                    "if __name__ == '__main__':\n    print(a())\n")
    apply(workspace, "m.py\n```python\nimport os\n\n\ndef b():\n    return os.sep\n\n\ndef c():\n    return 3\n```\n")
    text = (workspace / "m.py").read_text()
    assert "def a():\n    return 1" in text and "return os.sep" in text and "return 2" not in text
    assert text.index("def c()") < text.index("if __name__") and "import os" in text
    compile(text, "m.py", "exec")


def test_docstrings_the_task_did_not_ask_to_change_are_kept(workspace):
    (workspace / "solution.py").write_text('def unique(l):\n    """Sorted unique elements.\n    >>> unique([3, 3, 1])\n'
                                           '    [1, 3]\n    """\n')
    reply = ('solution.py\n```python\ndef unique(l):\n    """Sorted unique elements.\n    >>> unique([3, 3, 1]))\n'
             '    [1, 3]\n    """\n    return sorted(set(l))\n```\n')
    apply(workspace, reply)
    assert ">>> unique([3, 3, 1])\n" in (workspace / "solution.py").read_text()
    assert "return sorted(set(l))" in (workspace / "solution.py").read_text()


def test_a_reply_that_stops_inside_its_code_block_is_still_read():
    found = edits.parse("solution.py\n```python\ndef f():\n    return 1")
    assert [(e.path, e.content) for e in found] == [("solution.py", "def f():\n    return 1\n")]


def test_one_reply_may_use_both_formats(workspace):
    (workspace / "a.py").write_text(SOURCE)
    fenced_block = "```python\n" + block("        return 1\n", "        return 10\n", path="") + "```\n"
    reply = "a.py\n" + fenced_block + "\nb.py\n```python\nY = 2\n```\n"
    assert sorted(apply(workspace, reply)) == ["a.py", "b.py"]
    assert (workspace / "a.py").read_text() == SOURCE.replace("return 1\n", "return 10\n")  # not the block's text
    assert (workspace / "b.py").read_text() == "Y = 2\n"
