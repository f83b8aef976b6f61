"""End to end through the CLI on the real default models (assembled from their PyPI chunk packages)."""
import json
import subprocess
import sys


def test_git_status_never_loads_the_coder(cli, workspace):
    (workspace / "new.txt").write_text("x")
    code, out, _ = cli("git status", workspace=workspace)
    assert code == 0 and out["status"] == "done" and out["route"] == "tool"
    assert "coder" not in out["models_loaded"] and "new.txt" in out["answer"]


def test_read_only_commands_skip_the_graph_and_writes_are_saved(cli, workspace):
    cli("--threads", workspace=workspace)  # the first run writes config.json
    code, out, _ = cli("git log", workspace=workspace)
    assert code == 0 and "initial" in out["answer"] and out["thread_id"] is None
    code, out, _ = cli("create a directory named docs", workspace=workspace)
    assert code == 0 and out["thread_id"]
    _, listed, _ = cli("--threads", workspace=workspace)
    assert [t["thread_id"] for t in listed["threads"]] == [out["thread_id"]]


def test_mkdir_and_read_file(cli, workspace):
    code, out, _ = cli("create a directory named 'tests'", workspace=workspace)
    assert code == 0 and (workspace / "tests").is_dir() and out["files_changed"] == ["tests/"]
    (workspace / "config.json").write_text('{"debug": true}\n')
    code, out, _ = cli("read config.json", workspace=workspace)
    assert code == 0 and out["answer"] == '{"debug": true}\n'


def test_path_escape_is_refused(cli, workspace, tmp_path):
    (tmp_path / "secret.txt").write_text("top secret")
    for request in ["read ../secret.txt", "cat /etc/shadow"]:
        code, out, _ = cli(request, workspace=workspace)
        assert code == 3 and out["status"] == "refused" and "outside the workspace" in out["error"]


def test_outside_a_git_repo_git_gives_a_message(cli, tmp_path):
    code, out, err = cli("git status", workspace=tmp_path)
    assert code == 1 and "not a git repository" in out["error"] and "Traceback" not in err


def test_create_and_run_hello(cli, workspace):
    code, out, _ = cli("create a Python script hello.py that prints hello world", workspace=workspace)
    assert code == 0 and out["status"] == "done", out
    assert out["files_changed"] == ["hello.py"] and out["models_loaded"] == ["coder"]
    run = subprocess.run([sys.executable, "hello.py"], cwd=workspace, capture_output=True, text=True, timeout=30)
    assert "hello world" in run.stdout.lower().replace(",", "")
    assert out["peak_rss_mb"] < out["budget_mb"]
    unload = next(s for s in out["steps"] if s["node"] == "unload")
    assert unload["freed_mb"]["coder"] > 500  # close() really gives the weights back


def test_budget_too_small_for_the_coder_is_refused(cli, workspace, config_path):
    config_path.write_text(json.dumps({"memory_budget_mb": 600}))
    code, out, _ = cli("write a function add(a, b) in calc.py", workspace=workspace)
    assert code == 3 and out["status"] == "refused"
    assert "budget is 600 MB" in out["error"] and "needs ~" in out["error"]
    assert not (workspace / "calc.py").exists()


def test_debug_prints_each_transition(cli, workspace):
    code, out, err = cli("--debug", "list files", workspace=workspace)
    assert code == 0
    assert "start → route" in err and "route → run_tool" in err and "run_tool → verify" in err


def test_destructive_without_tty_or_yes_is_refused(cli, workspace):
    (workspace / "dist").mkdir()
    (workspace / "dist" / "app.js").write_text("x")
    code, out, _ = cli("remove the dist folder", workspace=workspace)
    assert code == 3 and out["status"] == "refused" and "--yes" in out["error"]
    assert (workspace / "dist" / "app.js").exists()
    code, out, _ = cli("--yes", "remove the dist folder", workspace=workspace)
    assert code == 0 and not (workspace / "dist").exists()


def test_commit_without_message_gets_one_from_the_coder(cli, workspace):
    (workspace / "greet.py").write_text("def greet(name):\n    return 'hi ' + name\n")
    subprocess.run(["git", "add", "greet.py"], cwd=workspace, check=True)  # a commit takes tracked changes, not every file
    code, out, _ = cli("--yes", "stage and commit all changes", workspace=workspace)  # a commit asks first
    assert code == 0 and out["tasks"][0]["tool"] == "git_commit" and "coder" in out["models_loaded"]
    log = subprocess.run(["git", "log", "-1", "--format=%s"], cwd=workspace, capture_output=True, text=True).stdout.strip()
    assert log and log != "initial" and len(log) <= 72


def test_undo_from_the_cli(cli, workspace):
    (workspace / "notes.txt").write_text("keep me\n")
    code, _, _ = cli("--yes", "delete notes.txt", workspace=workspace)
    assert code == 0 and not (workspace / "notes.txt").exists()
    code, _, _ = cli("--undo", workspace=workspace)
    assert code == 0 and (workspace / "notes.txt").read_text() == "keep me\n"


def test_question_about_the_workspace_edits_nothing(cli, workspace):
    (workspace / "shop.py").write_text("def total(items):\n    \"\"\"Sum of price times quantity.\"\"\"\n"
                                      "    return sum(i['price'] * i['qty'] for i in items)\n")
    code, out, _ = cli("what does the total function in shop.py return?", workspace=workspace)
    assert code == 0 and out["route"] == "question" and out["files_changed"] == []
    assert "price" in out["answer"].lower() and "def total" in (workspace / "shop.py").read_text()


COMPRESS = ('def compress(s):\n    """Run-length encode s, writing the count only for runs longer than one.\n\n'
            '    compress("aaabcc") ==> "a3bc2"\n    compress("abc") ==> "abc"\n    compress("") ==> ""\n    """\n')


def test_a_retry_applies_the_candidate_that_passes_the_docstring_examples(cli, workspace, config_path):
    # 4 candidates: that draw (seeds 4-7) holds one passing all three examples; the 15 of 8 (seeds 8-23) hold none.
    # The test is of choosing by the examples, on a real model, not of the odds of drawing a right answer.
    config_path.write_text(json.dumps({"candidates": 4}))
    (workspace / "solution.py").write_text(COMPRESS)
    code, out, _ = cli("Implement the function compress in solution.py according to its docstring", workspace=workspace)
    verified = [s for s in out["steps"] if s["node"] == "verify"]
    assert verified[0]["status"] == "retry" and "`compress(\"aaabcc\")` should give 'a3bc2'" in verified[0]["problems"][0]
    assert code == 0 and out["status"] == "done", out.get("error")
    assert [s.get("candidates") for s in out["steps"] if s["node"] == "code"][1:] == [4] * (len(verified) - 1)
    run = subprocess.run([sys.executable, "-c", "from solution import compress; print(compress('aaabcc'), compress('abc'))"],
                         cwd=workspace, capture_output=True, text=True, timeout=30)
    assert run.stdout.split() == ["a3bc2", "abc"]


def test_a_task_that_cannot_pass_stops_when_its_budget_runs_out_and_says_how_to_search_longer(cli, workspace):
    """Tests that contradict each other: no attempt can pass them. With a budget that affords the first attempt and
    not the whole search, the run fails, names the --budget that would let the search finish, and leaves the tests
    as they were (an attempt passing one of them may be kept: it beats the stub)."""
    (workspace / "calc.py").write_text("def add(a, b):\n    return 0\n")
    tests = "from calc import add\n\n\ndef test_one():\n    assert add(1, 1) == 2\n\n\ndef test_two():\n    assert add(1, 1) == 3\n"
    (workspace / "test_calc.py").write_text(tests)
    code, out, _ = cli("make the tests in test_calc.py pass by fixing add in calc.py", "--budget", "30", workspace=workspace)
    assert code == 1 and out["status"] == "failed"
    assert out["verify"]["search_longer"] > 30 and f"--budget {out['verify']['search_longer']}" in out["error"]
    assert (workspace / "test_calc.py").read_text() == tests


def test_code_with_nothing_to_check_it_is_checked_by_tests_the_model_writes(cli, workspace):
    code, out, _ = cli("Write a function is_palindrome(text) in pal.py that returns True when text reads the same "
                       "forwards and backwards, ignoring case, spaces and punctuation.", workspace=workspace)
    assert code == 0 and out["status"] == "done", out.get("error")
    assert [s["status"] for s in out["steps"] if s["node"] == "verify"][0] == "widen"
    passed, written = out["verify"]["own_tests"]
    assert written >= 2 and passed == written
    run = subprocess.run([sys.executable, "-c", "from pal import is_palindrome as p; "
                          "print(p('A man, a plan, a canal: Panama'), p('No lemon, no melon'), p('Codey'))"],
                         cwd=workspace, capture_output=True, text=True, timeout=30)
    assert run.stdout.split() == ["True", "True", "False"]


SIDES = ('def is_right_triangle(a, b, c):\n    """Given the lengths of the three sides of a triangle, return True if they '
         'form a right-angled triangle, False otherwise.\n\n    is_right_triangle(3, 4, 5) ==> True\n'
         '    is_right_triangle(1, 2, 3) ==> False\n    """\n')


def test_code_passing_the_examples_its_docstring_gives_is_kept_after_one_attempt(cli, workspace):
    (workspace / "tri.py").write_text(SIDES)
    code, out, _ = cli("Implement the function is_right_triangle in tri.py according to its docstring",
                       workspace=workspace)
    assert code == 0 and out["status"] == "done", out.get("error")
    assert [s["status"] for s in out["steps"] if s["node"] == "verify"] == ["ok"]
    assert [s["node"] for s in out["steps"]].count("code") == 1
    # the price: this greedy attempt misses sides given longest-first (r(5, 3, 4)), which the model's tests caught
    run = subprocess.run([sys.executable, "-c", "from tri import is_right_triangle as r; "
                          "print(r(3, 4, 5), r(6, 8, 10), r(1, 2, 3), r(2, 2, 2))"],
                         cwd=workspace, capture_output=True, text=True, timeout=30)
    assert run.stdout.split() == ["True", "True", "False", "False"]


def test_the_examples_a_request_gives_are_checked_on_the_code(cli, workspace):
    code, out, _ = cli('Write a function compress(s) in rle.py that run-length encodes s, writing the count only for '
                       'runs longer than one:\n\n| call | returns |\n|---|---|\n| `compress("aaabcc")` | `"a3bc2"` |\n'
                       '| `compress("abc")` | `"abc"` |\n', workspace=workspace)
    assert code == 0 and out["status"] == "done", out.get("error")
    assert out["verify"]["stated"] == [2, 2]
    run = subprocess.run([sys.executable, "-c", "from rle import compress; print(compress('aaabcc'), compress('xyyy'))"],
                         cwd=workspace, capture_output=True, text=True, timeout=30)
    assert run.stdout.split() == ["a3bc2", "xy3"]
