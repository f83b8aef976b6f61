"""The task's example calls, varied: the inputs candidates are compared on (codey/checks/variants.py)."""
from codey.checks import variants

STUB = '''def closest(numbers: list, k: int) -> list:
    """The k numbers closest to zero.

    >>> closest([3, -1, 2], 2)
    [-1, 2]
    closest([5], 1) ==> [5]
    """
'''


def test_the_calls_come_from_doctests_prose_examples_and_the_request_with_literal_arguments_only():
    found = variants.example_calls([STUB], [("closest([1, 2], 1)", "[1]"), ("closest(xs, 1)", "[1]")])
    assert found == ["closest([1, 2], 1)", "closest([3, -1, 2], 2)", "closest([5], 1)"]


def test_one_argument_is_varied_at_a_time_within_its_kind_and_never_into_an_example():
    found = variants.variants(["closest([3, -1, 2], 2)", "closest([2, 3, -1], 2)"])
    assert "closest([2, -1, 3], 2)" in found  # reversed
    assert "closest([-1, 2], 2)" in found and "closest([3, -1, 2], 3)" in found  # shortened; one more
    assert "closest([-1, 2, 3], 2)" in found  # sorted
    assert "closest([2, 3, -1], 2)" not in found  # the second example is the first one reversed
    assert all(variants.arguments(c) for c in found) and len(found) == len(set(found))
    assert variants.variants(["f(1)", "g(7)"], limit=2) == ["f(2)", "g(8)"]  # in turn, so the first few cover all


def test_varied_values_keep_their_kind_and_sign():
    assert variants.varied("abc") == ["cba", "bc", "abca"]
    assert variants.varied(3) == [4, 5, 2] and variants.varied(0) == [1, 2] and variants.varied(True) == [False]
    assert variants.varied((2, 1)) == [(1, 2), (1,), (2, 1, 2), (1, 2)]
    assert variants.varied([]) == [] and variants.varied(None) == []


def test_a_crash_is_an_exception_the_codes_own_raise_did_not_throw(tmp_path):
    from codey.checks.probe import Probe
    from codey.checks.result import File, Given
    from codey.workspace import project

    source = ("def f(xs):\n    if not xs:\n        raise ValueError('empty')\n    while xs[0] < 0:\n        pass\n"
              "    return xs[1] + max([])\n")
    (tmp_path / "m.py").write_text(source)
    found = project.find(str(tmp_path))
    given = Given(str(tmp_path), found, Probe(str(tmp_path), found.python, found.env, 4000),
                  probes=("f([])", "f([-1])", "f([1])", "f([1, 2])", "g(1)"))
    result = variants.run(File("m.py", tmp_path / "m.py", source), given)
    assert result.outputs == ["!raise ValueError", "!crash Slow", "!crash IndexError", "!crash ValueError"]
    report = {"passed": 0, "failed": 0, "behaviour": []}
    result.into(report)
    assert variants.crashes(report) == 3 and (report["passed"], report["failed"]) == (0, 0)
