"""The task spec: a code request read once into plain data, each field named by the general case it serves."""
import json

from codey.coder.spec import may_change, read
from codey.nodes import code as code_node

X_BROKEN = "def double(n):\n    return n + n + 1\n"
X_TESTS = "from pkg.x import double\n\n\ndef test_double():\n    assert double(2) == 4\n"


def src_layout(workspace):
    """A library in a src/ layout with its own tests, as open-source projects are laid out."""
    (workspace / "src" / "pkg").mkdir(parents=True)
    (workspace / "src" / "pkg" / "__init__.py").write_text("")
    (workspace / "src" / "pkg" / "x.py").write_text(X_BROKEN)
    (workspace / "tests").mkdir()
    (workspace / "tests" / "conftest.py").write_text(
        "import pathlib, sys\n\nsys.path.insert(0, str(pathlib.Path(__file__).parent.parent / 'src'))\n")
    (workspace / "tests" / "test_x.py").write_text(X_TESTS)


def test_a_request_naming_one_file_targets_it(workspace):
    (workspace / "calc.py").write_text("def add(a, b):\n    return a + b\n")
    spec = read("add a subtract function to calc.py", str(workspace))
    assert spec["target"] == "calc.py" and spec["targets"] == ["calc.py"] and spec["files"] == ["calc.py"]
    assert spec["kind"] == "change"


def test_a_request_naming_no_file_targets_the_only_code_file_of_the_project(workspace):
    (workspace / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    assert read("add a hello route", str(workspace))["target"] == "app.py"
    (workspace / "models.py").write_text("USERS = []\n")
    assert read("add a hello route", str(workspace))["target"] is None  # two modules: not certain which


def test_a_request_naming_a_test_and_a_source_file_targets_the_source_and_names_the_test(workspace):
    src_layout(workspace)
    spec = read("tests/test_x.py fails, fix the bug in src/pkg/x.py", str(workspace))
    assert spec["target"] == "src/pkg/x.py" and spec["targets"] == ["src/pkg/x.py"]
    assert spec["named_tests"] == ["tests/test_x.py"] and spec["kind"] == "bug"
    asked = read("fix tests/test_x.py and src/pkg/x.py", str(workspace))  # asked to change both: no single target
    assert asked["target"] is None and set(asked["targets"]) == {"tests/test_x.py", "src/pkg/x.py"}


def test_the_tests_change_only_when_the_request_asks_to_change_them(workspace):
    (workspace / "test_calc.py").write_text("def test_add():\n    assert True\n")
    kept = read("the tests are right, don't change the tests; fix calc.py", str(workspace))
    assert not kept["tests_may_change"] and not may_change(kept, "test_calc.py", str(workspace))
    asked = read("add tests for subtract", str(workspace))
    assert asked["tests_may_change"] and may_change(asked, "test_calc.py", str(workspace))


def test_documents_change_only_when_the_request_speaks_of_them(workspace):
    assert may_change(read("update the README with the new flag", str(workspace)), "README.md", str(workspace))
    assert not may_change(read("add a subtract function to calc.py", str(workspace)), "README.md", str(workspace))
    assert read("add docstrings to calc.py", str(workspace))["comments_may_change"]
    assert not read("add a subtract function to calc.py", str(workspace))["comments_may_change"]


def test_a_document_the_request_points_to_is_read_as_instructions_and_its_examples_are_the_spec(workspace):
    (workspace / "SPEC.md").write_text("# rot\n\n`rot('ab')` returns `'ba'` and `rot('abc')` returns `'bca'`.\n")
    spec = read("write rot in rot.py, as SPEC.md describes; rot('a') returns 'a'", str(workspace))
    assert spec["docs"] == ["SPEC.md"] and spec["target"] == "rot.py"
    assert sorted(spec["examples"]) == [["rot('a')", "'a'"], ["rot('ab')", "'ba'"], ["rot('abc')", "'bca'"]]
    assert spec["kind"] == "new"


def test_a_line_the_request_points_at_is_its_focus_when_the_file_exists(workspace):
    (workspace / "calc.py").write_text("def add(a, b):\n    return a - b\n")
    assert read("line 2 of calc.py is wrong", str(workspace))["focus"] == [{"file": "calc.py", "line": 2}]
    assert read("line 2 of other.py is wrong", str(workspace))["focus"] == []


def test_a_path_outside_the_project_is_noted_as_asked_for(workspace):
    assert read("write the notes to ~/notes.txt", str(workspace))["outside_asked"]
    assert not read("write the notes to notes.txt", str(workspace))["outside_asked"]


def test_the_spec_is_plain_data_holding_the_words_the_choice_among_candidates_uses(workspace):
    spec = read("parse the page with an HTMLParser", str(workspace))
    assert {"html", "parser", "page"} <= set(spec["words"])
    assert json.loads(json.dumps(spec)) == spec


def test_a_reply_without_a_path_line_changes_the_source_file_the_request_names(run_graph, workspace):
    """The request names the failing test and the source file; the reply's one code block has no file name."""
    src_layout(workspace)
    reply = "The bug is the extra one added.\n```python\ndef double(n):\n    return n + n\n```\n"
    outcome, _ = run_graph("tests/test_x.py fails, fix the bug in src/pkg/x.py", workspace, [reply])
    assert outcome["state"]["status"] == "done"
    assert (workspace / "src" / "pkg" / "x.py").read_text() == "def double(n):\n    return n + n\n"
    assert not (workspace / "main.py").exists() and (workspace / "tests" / "test_x.py").read_text() == X_TESTS


def test_the_spec_is_read_at_the_first_attempt_and_a_retry_uses_it_as_read(run_graph, workspace, monkeypatch):
    """Between the attempts the file the request involves disappears: the retry still writes the target it had."""
    (workspace / "shapes.py").write_text("def area(r):\n    pass\n")
    reads, stream = [], code_node.stream_reply

    def counted(request, *args):
        reads.append(request)
        return read(request, *args)

    def deleting(chat, messages, *args):
        (workspace / "shapes.py").unlink(missing_ok=True)
        return stream(chat, messages, *args)

    monkeypatch.setattr(code_node, "read", counted)
    monkeypatch.setattr(code_node, "stream_reply", deleting)
    broken = "shapes.py\n```python\ndef area(r:\n    return r\n```\n"
    fixed = "shapes.py\n```python\ndef area(r):\n    return 3 * r * r\n```\n"
    outcome, models = run_graph("implement area", workspace, [broken, fixed])
    assert outcome["state"]["status"] == "done" and reads == ["implement area"]
    assert outcome["state"]["tasks"][0]["spec"]["target"] == "shapes.py"
    assert models.chat.prompts[1][-1] == ("assistant", "shapes.py\n```python\n")  # the retry's reply opens the target
    assert (workspace / "shapes.py").read_text() == "def area(r):\n    return 3 * r * r\n"
