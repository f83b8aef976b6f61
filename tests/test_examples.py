"""Prose docstring examples: which notations are understood, what is skipped rather than guessed, and that an
example the check could not run is never counted as passing."""
from codey.checks import calls, examples, prose
from codey.checks.probe import Probe
from codey.checks.result import File, Given
from codey.workspace import project


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


def test_input_output_examples_may_name_the_arguments_and_must_pass_each_parameter_once():
    doc = """
    Input: arr = [-3, -4, 5], k = 3
    Output: [-4, -3, 5]
    Input: [1, 2], 1
    Output: [2]
    Input: arr = [1], n = 2
    Output: [1]
    Input: [1, 2]
    Output: [2]
    """
    assert only(doc, "f(arr, k)") == [("f([-3, -4, 5], 3)", "[-4, -3, 5]"), ("f([1, 2], 1)", "[2]")]


def test_for_examples_may_give_several_arguments_and_go_on_before_the_result():
    doc = """
    For s = "abcde", c = "ae", the result should be ('bcd',False)
    For c = "b", s = "ab" the output should be ('a',True)
    For s = "x", the sum of digits will be 1 the output should be ('x', True)
    """
    # positional: the code may name its parameters differently from the docstring
    assert only(doc, "f(s, c)") == [('f("abcde", "ae")', "('bcd', False)"), ('f("ab", "b")', "('a', True)")]
    assert only(doc, "f(s)") == [('f("x")', "('x', True)")]


def test_examples_written_under_the_functions_former_name_are_its_examples():
    renamed = 'import math\n\ndef sorted_sum(xs):\n    """Sort.\n    list_sort([2, 1]) => [1, 2]\n    """\n'
    assert examples.extract(renamed) == [("sorted_sum([2, 1])", "[1, 2]")]
    # a name the module imports or defines is another function's, not a former name
    assert examples.extract(renamed.replace("import math", "from lists import list_sort")) == []
    helper = 'def list_sort(xs):\n    return xs\n\n' + renamed
    assert examples.extract(helper) == []


def test_doctests_definitions_and_non_literals_are_left_alone():
    doc = """
    >>> f(1)
    2
    f(n) = f(n - 1) + 1
    f(a) ==> b
    g(3) ==> 4
    """
    assert only(doc) == []


def test_an_example_written_with_an_equals_sign_or_its_working_shown_is_read():
    doc = """
    f(12) = 14
    f("a") # => 'b'
    f(3) -> 19 - 5 - 6 = 8
    f(4) == 1 + 9 + 0 + 0 = 10
    f("1a") # => 'No' (it starts with a digit)
    """
    assert only(doc) == [("f(12)", "14"), ('f("a")', "'b'"), ("f(3)", "8"), ("f(4)", "10"), ('f("1a")', "'No'")]


def test_the_terms_of_a_sequence_the_docstring_defines_are_not_taken_for_results():
    # tri returns a list of terms; `tri(4) = 3` is one term of the sequence, not what tri(4) returns
    doc = """
    tri(1) = 3
    tri(n) = 1 + n / 2, if n is even.
    tri(2) = 1 + (2 / 2) = 2
    tri(4) = 3
    Examples:
    tri(3) == [1, 3, 2, 8]
    """
    assert only(doc, "tri(n)") == [("tri(3)", "[1, 3, 2, 8]")]


def test_a_call_spanning_lines_is_read_whole():
    assert only("\n    f([\n        1, 2,\n    ]) == 3") == [("f([ 1, 2, ])", "3")]


def test_check_reports_each_wrong_example_and_rounds_to_the_places_shown(tmp_path):
    (tmp_path / "m.py").write_text('def area(r):\n    """area(1) ==> 3.14\n    area(2) ==> 12.57\n    area(0) ==> 1"""\n'
                                   '    return 3.14159265 * r * r\n')
    found = checked(tmp_path)
    assert (found.count, found.passed, found.failures) == (3, 2, ["`area(0)` should give 1 but gives 0.0"])


def checked(tmp_path) -> calls.Calls:
    """The docstring examples check of m.py, run as the registry runs it."""
    module, found = tmp_path / "m.py", project.find(str(tmp_path))
    given = Given(str(tmp_path), found, Probe(str(tmp_path), found.python, found.env, 4000))
    return prose.run(File("m.py", module, module.read_text()), given)


def test_an_endless_example_is_reported_not_waited_for(tmp_path, monkeypatch):
    monkeypatch.setattr(calls, "TIMEOUT_S", 2)
    (tmp_path / "m.py").write_text('def spin(n):\n    """spin(1) ==> 1"""\n    while True:\n        pass\n')
    found = checked(tmp_path)
    assert found.count == 1 and found.passed == 0 and "does not finish within 2 s" in found.failures[-1]


def test_floats_without_a_decimal_point_are_compared_and_later_examples_still_run(tmp_path):
    (tmp_path / "m.py").write_text('def tiny(n):\n    """tiny(1) ==> 1e-05\n    tiny(2) ==> 2e-05\n    tiny(3) ==> 1"""\n'
                                   '    return n / 100000\n')
    found = checked(tmp_path)
    assert (found.count, found.passed, found.failures) == (3, 2, ["`tiny(3)` should give 1 but gives 3e-05"])


def test_infinity_is_an_expected_value_like_any_other(tmp_path):
    (tmp_path / "m.py").write_text('def top(xs):\n    """top([]) ==> 1e999\n    top([2]) ==> 2.0"""\n'
                                   '    return max(xs, default=float("inf"))\n')
    assert checked(tmp_path).failures == []


def test_a_module_that_does_not_load_fails_every_example(tmp_path):
    (tmp_path / "m.py").write_text('import no_such_module\n\ndef f(x):\n    """f(1) ==> 2\n    f(2) ==> 3"""\n'
                                   '    return x + 1\n')
    found = checked(tmp_path)
    assert found.passed == 0 and len(found.failures) == 1
    assert "before 2 of 2 could run" in found.failures[0] and "No module named 'no_such_module'" in found.failures[0]


def test_a_probe_killed_part_way_fails_the_examples_it_never_reached(tmp_path):
    (tmp_path / "m.py").write_text('import os\n\ndef f(x):\n    """f(1) ==> 1\n    f(2) ==> 2\n    f(3) ==> 3"""\n'
                                   '    if x == 2:\n        os._exit(3)\n    return x\n')
    found = checked(tmp_path)
    assert found.passed == 1 and found.failures == ["checking the examples stopped before 2 of 3 could run (exit code 3)"]


def test_what_the_function_prints_does_not_confuse_the_check(tmp_path):
    (tmp_path / "m.py").write_text('print("{\\"i\\": 0, \\"ok\\": true}")\n\ndef f(x):\n    """f(1) ==> 2"""\n'
                                   '    print("`f(1)` should give")\n    return x\n')
    found = checked(tmp_path)
    assert (found.passed, found.failures, found.behaviour) == (0, ["`f(1)` should give 2 but gives 1"], ["1"])


REQUEST = '''Implement the cipher in cipher.py.

- `encode("ab c")` -> `"ba c"`
- `flip([])` is `[]`; `row(1)` is the first row; `get_balance() -> int`; `Clock(24, 0)` is `00:00`

| call | gives |
|---|---|
| `encode("  x  ")` | `"  x  "` |

```python
count("it's \\"a\\" test")
```

returns

```python
{"it's": 1,
 "test": 1}
```

>>> total([1, 2])
3

```python
pairs([1, [2]])  # -> [1, 2]
```
'''


def test_the_examples_a_request_gives_in_markdown_are_read_as_call_and_expected_value():
    assert examples.stated(REQUEST) == [
        ('encode("ab c")', "'ba c'"), ("flip([])", "[]"), ('encode("  x  ")', "'  x  '"),
        ('count("it\'s \\"a\\" test")', "{\"it's\": 1, 'test': 1}"), ("total([1, 2])", "3"),
        ("pairs([1, [2]])", "[1, 2]")]  # prose, types and values that are not literals are skipped


def test_only_the_request_examples_calling_a_function_the_module_defines_are_its_checks():
    source = 'def encode(s):\n    """encode("ab c") ==> "ba c" """\n\n\nclass Clock:\n    pass\n\n\ndef total(xs):\n    pass\n'
    given = examples.stated(REQUEST) + [("Clock(1)", "1")]
    assert examples.stated_for(source, given) == [('encode("  x  ")', "'  x  '"), ("total([1, 2])", "3")]


def test_what_a_bug_report_says_the_code_does_now_is_not_taken_for_the_spec():
    report = ("Fix parse in p.py: `parse('1,2')` returns `[1]` instead of `[1, 2]`.\n"
              "Currently parse('') gives [''].\n"
              "| `parse('3')` | `[3]` |\n"
              "parse('3,') returns [], but that is wrong.\n"
              "There is a bug: parse('x') == 0\n"
              "parse('4,5') should return [4, 5].\n")
    assert examples.stated(report) == [("parse('3')", "[3]"), ("parse('4,5')", "[4, 5]")]


def test_several_examples_in_one_sentence_of_prose_are_each_read():
    """A spec written as a sentence: "two_sum([2, 7], 9) should return [0, 1]; two_sum(…) returns …", arrows too."""
    text = ("Example: two_sum([2,7,11,15], 9) should return [0, 1]; two_sum([3,2,4], 6) returns [1, 2].\n"
            "is_leap(2000) → True, is_leap(1900) → False. mean([1, 2]) should be 1.5. Also mean([4]) is 4.0\n"
            "(for example double(2) returns 4)\nadd(2, 3) = 5 and add(1, 1) evaluates to 2\n")
    assert examples.stated(text) == [
        ("two_sum([2,7,11,15], 9)", "[0, 1]"), ("two_sum([3,2,4], 6)", "[1, 2]"), ("is_leap(2000)", "True"),
        ("is_leap(1900)", "False"), ("mean([1, 2])", "1.5"), ("mean([4])", "4.0"), ("double(2)", "4"),
        ("add(2, 3)", "5"), ("add(1, 1)", "2")]


def test_a_value_that_a_sentence_goes_on_to_qualify_is_skipped_not_guessed():
    assert examples.stated("double(3) returns 2 times the input; f(1) returns 0 on failure") == []
