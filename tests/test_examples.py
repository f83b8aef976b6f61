"""Prose docstring examples: which notations are understood, and what is skipped rather than guessed."""
from codey import examples, project


def only(doc: str, signature: str = "f(x)") -> list[tuple[str, str]]:
    return examples.extract(f'def {signature}:\n    """{doc}\n    """\n')


def test_the_common_prose_notations_are_read_as_call_and_expected_value():
    doc = """
    f(1) ==> 2
    f([1, 2]) ➞ [2, 3]
    f('a') returns 'b'
    f(3) should return 4.
    f(5) => true
    For x = 7 the output should be 8
    Input: [0]
    Output: [1]
    """
    assert only(doc) == [("f(1)", "2"), ("f([1, 2])", "[2, 3]"), ("f('a')", "'b'"), ("f(3)", "4"), ("f(5)", "True"),
                         ("f(7)", "8"), ("f([0])", "[1]")]


def test_doctests_definitions_and_non_literals_are_left_alone():
    doc = """
    >>> f(1)
    2
    f(n) = f(n - 1) + 1
    f(a) ==> b
    f(2) ==> 1 + 1 = 2
    g(3) ==> 4
    """
    assert only(doc) == []


def test_a_call_spanning_lines_is_read_whole():
    assert only("\n    f([\n        1, 2,\n    ]) == 3") == [("f([ 1, 2, ])", "3")]


def test_check_reports_each_wrong_example_and_rounds_to_the_places_shown(tmp_path):
    (tmp_path / "m.py").write_text('def area(r):\n    """area(1) ==> 3.14\n    area(2) ==> 12.57\n    area(0) ==> 1"""\n'
                                   '    return 3.14159265 * r * r\n')
    module = tmp_path / "m.py"
    assert examples.check(module, module.read_text(), str(tmp_path), project.find(str(tmp_path))) == (3, ["`area(0)` should give 1 but gives 0.0"])


def test_an_endless_example_is_reported_not_waited_for(tmp_path):
    (tmp_path / "m.py").write_text('def spin(n):\n    """spin(1) ==> 1"""\n    while True:\n        pass\n')
    module = tmp_path / "m.py"
    count, failures = examples.check(module, module.read_text(), str(tmp_path), project.find(str(tmp_path)), timeout=2)
    assert count == 1 and "does not finish within 2 s" in failures[-1]
