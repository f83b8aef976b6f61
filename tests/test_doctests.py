"""Doctests (codey/checks/doctests.py, counted by the checks' registry) are read as their author meant them: correct
code passes sloppy but clear examples, wrong code still fails."""
from codey import checks
from codey.checks.probe import Probe
from codey.checks.result import File, Given
from codey.workspace import project


def run(tmp_path, source: str) -> tuple[list[str], dict]:
    """The problems and counts of checking mod.py (its docstrings hold doctests only)."""
    (tmp_path / "mod.py").write_text(source)
    found = project.find(str(tmp_path))
    given = Given(str(tmp_path), found, Probe(str(tmp_path), found.python, found.env, 4000))
    results = checks.check_file(File("mod.py", tmp_path / "mod.py", source), given)
    return [p for r in results for p in r.problems], checks.aggregate(["mod.py"], results)


SHIFT = '''def shift(s):
    """
    >>> shift("12")
    "21"
    >>> pairs()
    ["one",
     "two"]
    """
    return {body}


def pairs():
    return ["one", "two"]
'''


def test_the_same_value_spelled_with_other_quotes_or_line_breaks_passes(tmp_path):
    problems, checks = run(tmp_path, SHIFT.format(body="s[::-1]"))
    assert problems == [] and (checks["passed"], checks["failed"]) == (2, 0)


def test_a_different_value_still_fails_whatever_its_spelling(tmp_path):
    problems, checks = run(tmp_path, SHIFT.format(body="s"))
    assert "`shift(\"12\")` should give \"21\" but gives '12'" in problems[0]
    assert (checks["passed"], checks["failed"]) == (1, 1)


COUNT = '''def count(xs):
    """
    >>> count([]) == 0
    >>> count([1, 2]) == 2
    """
    return {body}
'''


def test_a_comparison_with_nothing_expected_must_hold(tmp_path):
    problems, checks = run(tmp_path, COUNT.format(body="len(xs)"))
    assert problems == [] and checks["passed"] == 2
    problems, checks = run(tmp_path, COUNT.format(body="0"))
    assert "`count([1, 2]) == 2` should give True but gives False" in problems[0] and checks["failed"] == 1


def test_an_example_split_by_a_newline_escape_in_a_plain_docstring_is_skipped_and_the_rest_still_run(tmp_path):
    source = ('def strip(text):\n    """\n    >>> strip("a b\\nc")\n    \'abc\'\n    >>> strip(\'x y\')\n    \'xy\'\n'
              '    >>> strip(\'p q\')\n    \'pq\'\n    """\n    return {body}\n')
    problems, checks = run(tmp_path, source.format(body='text.replace(" ", "").replace("\\n", "")'))
    assert problems == [] and checks["passed"] == 2
    assert checks["unreadable_examples"] == ['>>> strip("a b']
    problems, checks = run(tmp_path, source.format(body="text"))
    assert checks["failed"] == 2 and "`strip('x y')` should give 'xy' but gives 'x y'" in problems[0]


def test_a_number_of_another_type_is_not_the_value_shown(tmp_path):
    problems, _ = run(tmp_path, 'def mean(xs):\n    """\n    >>> mean([1, 3])\n    2.0\n    """\n    return sum(xs) // len(xs)\n')
    assert "`mean([1, 3])` should give 2.0 but gives 2" in problems[0]
