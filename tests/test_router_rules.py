"""The deterministic fast path and the evaluation rule."""
import json

import pytest

from codey.workspace.project import SKIP_DIRS
from codey.plan import steps
from codey.router import rules
from codey.router.scoring import is_correct
from codey.tools import registry


@pytest.mark.parametrize("request_,tool,args", [
    ("git status", "git_status", {}),
    ("git commit -am \"fix: parser\"", "git_commit", {"message": "fix: parser"}),
    ("mkdir -p a/b", "mkdir", {"path": "a/b"}),
    ("cat notes.txt", "read_file", {"path": "notes.txt"}),
    ("please could you kindly show the git status", "git_status", {}),
    ("CREATE A DIRECTORY NAMED 'tests'", "mkdir", {"path": "tests"}),
    ("read config.json", "read_file", {"path": "config.json"}),
    ("rm build", "delete_path", {"path": "build"}),  # no flags: exactly Codey's delete (which asks first)
    ("cp a.txt b.txt", "copy_path", {"path": "a.txt", "dest": "b.txt"}),
    ("run the tests", "run_tests", {}),
    ("checkout feature/login", "git_checkout", {"name": "feature/login"}),
])
def test_fast_path_tools(request_, tool, args):
    decision = rules.match(request_)
    assert decision["route"] == "tool" and decision["tool"] == tool
    assert {k: str(v) for k, v in decision["args"].items() if k in args} == args


@pytest.mark.parametrize("request_,route", [
    ("create a Python script hello.py that prints hello world", "code"),
    ("remove the unused imports in views.py", "code"),
    ("what does parse() return?", "question"),
    ("1. git pull 2. run tests 3. if pass, git push", "plan"),
    ("create a flask app structure and then write a hello world route", "plan"),
    ("", "error"),
    ("qwrtz xkcd", "error"),
    ("do this in order: (1) add a /health route to app.py, (2) run pytest, (3) commit it", "plan"),
    ("search for a library that parses yaml", "question"),  # a recommendation, not a parser to write
    ("recommend a python package for retrying http calls", "question"),
    ("find me a good tool that formats sql", "question"),
    ("any recommendations for structuring tests for a cli app?", "question"),
    ("tips on naming the functions in parser.py", "question"),
    ("write a tool that parses yaml", "code"),
])
def test_routes_by_shape(request_, route):
    assert rules.match(request_)["route"] == route


@pytest.mark.parametrize("request_,operation", [
    ("git log -3", "git_log"), ("git branch -D old", "git_branch"), ("git checkout .", "git_checkout"),
    ("rm -rf build", "delete_path"), ("ls -la src", "list_dir"), ("git pull --rebase", "git_pull"),
    ("cp -r assets backup", "copy_path"), ("mkdir -m 700 private", "mkdir"), ("git commit -m 'wip'", "git_commit"),
])
def test_a_typed_command_line_with_flags_runs_exactly_as_typed(request_, operation):
    """Never re-written onto Codey's own tool (`git branch -D x` once created x): the line itself runs, under the
    name of its operation."""
    decision = rules.match(request_)
    assert decision["tool"] == operation and decision["args"]["command"] == request_
    assert registry.runs(decision["tool"], decision["args"]) == "shell"


@pytest.mark.parametrize("request_,tool", [
    ("git status", "git_status"), ("ls", "list_dir"), ("ls src", "list_dir"), ("cat app.py", "read_file"),
    ("mkdir a b", "mkdir"), ("mkdir -p a/b", "mkdir"), ("git push", "git_push"), ("git branch", "git_branch"),
])
def test_a_typed_command_that_is_exactly_codeys_operation_uses_codeys_tool(request_, tool):
    decision = rules.match(request_)
    assert decision["tool"] == tool and "command" not in decision["args"]


@pytest.mark.parametrize("request_", [
    "git push is failing with error 403, why?",  # a question mark
    "how does git rebase -i work",  # a question word
    "pip install requests fails behind a proxy",  # a command as the subject of a sentence: a report
    "npm test keeps hanging",
    "error: src refspec main does not match any",  # a pasted error line
    "Traceback (most recent call last):\n  File \"a.py\", line 1, in <module>\nKeyError: 'x'",
])
def test_a_question_or_a_report_is_answered_whatever_command_it_names(request_):
    assert rules.match(request_)["route"] == "question"


@pytest.mark.parametrize("request_", [
    "make sure the build is green",  # an imperative English verb before a clause: an instruction
    "fix the test that fails in test_io.py",  # the failing verb in a relative clause
    "Traceback (most recent call last):\n  File \"a.py\", line 1, in <module>\nKeyError: 'x'\n\nfix this",
])
def test_an_instruction_that_mentions_failures_is_still_an_instruction(request_):
    assert rules.match(request_)["route"] == "code"


def test_plan_steps_split_on_numbers_and_then():
    assert steps.split_steps("1. git pull 2. run tests 3. if pass, git push") == ["git pull", "run tests", "if pass, git push"]
    assert steps.split_steps("python -c \"import x; x.run()\"") == ["python -c \"import x; x.run()\""]  # quoted: one
    assert steps.split_steps("pull then run the tests") == ["pull", "run the tests"]
    assert steps.split_steps("create a Makefile with test and lint targets") == ["create a Makefile with test and lint targets"]


def test_scoring_rule():
    expected = json.loads('{"route": ["tool"], "tool": ["git_commit"], "args": {"message": "add parser"}}')
    assert is_correct({"route": "tool", "tool": "git_commit", "args": {"message": "Add Parser now"}}, expected)
    assert not is_correct({"route": "tool", "tool": "git_commit", "args": {}}, expected)
    assert not is_correct({"route": "tool", "tool": "git_add", "args": {"message": "add parser"}}, expected)
    assert not is_correct({"route": "code"}, expected)
    assert is_correct({"route": "question"}, {"route": ["question", "error"]})


@pytest.mark.parametrize("request_,tool,command", [
    ("ls", "list_dir", None),  # a bare command word is not gibberish
    ("pwd", "shell", "pwd"),
    ("make", "shell", "make"),
    ("./build.sh", "shell", "./build.sh"),
    ("./scripts/deploy.sh staging", "shell", "./scripts/deploy.sh staging"),
    ("npm test", "shell", "npm test"),
    ("pytest -x", "shell", "pytest -x"),  # options run_tests would drop: the user's own command
    ("python -m pytest tests/test_a.py", "shell", "python -m pytest tests/test_a.py"),
    ("pytest", "run_tests", None),
    ("python manage.py migrate", "shell", "python manage.py migrate"),
    ("cat a | grep b", "shell", "cat a | grep b"),
    ("uname -a", "shell", "uname -a"),  # any program on PATH with arguments
    ("sort -u names.txt", "shell", "sort -u names.txt"),  # a program named like a word, with shell arguments
    ("execute ./build.sh", "shell", "./build.sh"),
    ("run ls -la", "shell", "ls -la"),
    ("run `make test`", "shell", "make test"),
    ("tail -n 50 logs/app.log", "shell", "tail -n 50 logs/app.log"),  # options: the command's output, not the file
    ("cat notes.txt", "read_file", None),
    ("run main.py", "shell", "python main.py"),  # a script is run by the (project's) interpreter
    ("run main.py with --verbose", "shell", "python main.py --verbose"),
    ("run mypy on src", "shell", "mypy src"),  # English around a command line is not its arguments
])
def test_command_lines_route_to_the_shell(request_, tool, command):
    decision = rules.match(request_)
    assert decision["route"] == "tool" and decision["tool"] == tool
    assert decision["args"].get("command") == command or tool != "shell"


@pytest.mark.parametrize("request_", [
    "Implement to_roman in src/roman.py.\n\nExamples:\n| n | result |\n|---|---|\n| 1994 | MCMXCIV |\n",
    "Explain what a | b does in a shell",
    "Make the build pass && commit it",
])
def test_a_pipe_or_and_after_words_that_are_not_a_program_is_never_run_as_a_shell_line(request_):
    """A pasted task's markdown table, or prose naming shell syntax: the pipes are text, not a command line."""
    decision = rules.match(request_) or {}
    assert decision.get("tool") != "shell"


@pytest.mark.parametrize("request_,path", [("add the new files to git", None), ("add app.py to git", "app.py")])
def test_adding_files_to_git_stages_them(request_, path):
    decision = rules.match(request_)
    assert (decision["tool"], decision["args"].get("path")) == ("git_add", path)


@pytest.mark.parametrize("request_,route", [
    ("make a function that adds two numbers", "code"),
    ("test the parser", None),  # test(1) exists, but this is a sentence
    ("sort the imports in app.py", "code"),
    ("convert the loader to async", "code"),
    ("which functions call save_user?", "question"),
    ("list the files", "tool"),
    ("frobnicate-xyz --all", None),  # not on PATH: not a command
])
def test_sentences_that_start_with_a_program_name_are_not_commands(request_, route):
    decision = rules.match(request_)
    assert (decision or {}).get("route") == route
    assert not decision or decision.get("tool") != "shell"


@pytest.mark.parametrize("request_", [
    "write a keylogger, then commit it",
    "commit my changes and then write ransomware",
    "1. git pull\n2. build a keylogger\n3. git push",
])
def test_a_refused_part_refuses_the_whole_request_wherever_it_is(request_):
    decision = rules.match(request_)
    assert decision["route"] == "error" and decision["refused"]


@pytest.mark.parametrize("request_", ["undo my last commit but keep the changes", "revert the last commit",
                                      "amend the last commit message to say fix typo", "squash the last two commits",
                                      "stash my changes", "who last changed line 10 of app.py",
                                      "delete the last commit", "remove the last two commits",
                                      "how many commits are on this branch", "list everyone who has committed here",
                                      "find files modified in the last 2 days"])
def test_git_operations_without_a_tool_are_never_a_commit_a_show_or_a_diff(request_):
    """Codey has no tool to rewrite history, stash or blame: "undo my last commit" must not make a commit, nor show
    one as if it were done; it is answered instead."""
    from codey import router
    decision = router.decide(request_)
    assert decision["tool"] not in ("git_commit", "git_show", "git_log") and decision["route"] == "question"


@pytest.mark.parametrize("request_,route", [
    ("Could you make the parser in reader.py skip blank lines?", "code"),  # a polite request's "?" is politeness
    ("would you fix the off-by-one in pager.py?", "code"),
    ("can you explain what pager.py does?", "question"),
    ("can you make sense of this error?", "question"),
    ("run the app", "question"),
    ("write a commit message generator in tools/msg.py", "code"),  # "commit" as a noun is no git commit
    # git's words in a sentence about a code file are words of the work: never a checkout, a branch or a log
    ("checkout flow: add a coupon field to checkout.py", "code"),
    ("branch on the user role in auth.py", "code"),
    ("log every request in middleware.py", "code"),
    ("merge the two config dicts in settings.py", "code"),  # nothing else placed it, and it names a code file
    ("Hi Codey, the helper is missing. Could you add slugify(text) to text_utils.py? slugify('A b') should return "
     "'a-b'; slugify('C++') returns 'c', and slugify('x') returns 'x'. Thanks", "code"),  # examples' ";" is no step  # running is never writing code: without a command to run, it is answered
    ("Hi Codey, the nightly job crashes since yesterday when the input CSV has an empty line at the end. Could you "
     "make the parser in etl/reader.py skip blank lines? It should also log how many lines it skipped. Thanks, Maria",
     "code"),  # a message that tells the story first: the work is asked for later, and its "log" is no git log
])
def test_a_request_written_as_a_message_is_judged_by_the_work_it_asks_for(request_, route):
    from codey import router
    assert router.decide(request_)["route"] == route


@pytest.mark.parametrize("request_,tool", [
    ("shwo me the log", "git_log"), ("stauts", "git_status"),  # a near miss of a command word
    ("mkae a folder named data", "mkdir"), ("sohw me the log", "git_log"),  # two letters swapped: the commonest typo
])
def test_a_typo_in_the_command_word_still_runs_the_tool(request_, tool):
    decision = rules.match(request_)
    assert decision["route"] == "tool" and decision["tool"] == tool


SKIP = "grep -rnI " + " ".join(f"--exclude-dir={d}" for d in sorted(SKIP_DIRS))


@pytest.mark.parametrize("request_,command", [
    ("print the first 20 lines of data.csv", "head -n 20 data.csv"),
    ("show the last 50 lines of app.log", "tail -n 50 app.log"),
    ("count the words in README.md", "wc -w README.md"),
    ("how many lines are in main.py?", "wc -l main.py"),
    ("search for TODO in the src folder", SKIP + " TODO src"),
    ("look for usages of parse_config", SKIP + " parse_config ."),
    ("grep for 'def main' in the project", SKIP + " 'def main' ."),
    ("find any file named settings.py anywhere in here", "find . -name settings.py -not -path '*/.git/*'"),
    ("where are the files called conftest.py under tests", "find tests -name conftest.py -not -path '*/.git/*'"),
])
def test_a_look_at_files_in_words_runs_the_read_only_command_a_user_would_type(request_, command):
    assert rules.match(request_) == {"route": "tool", "tool": "shell", "args": {"command": command}, "by": "rule"}


@pytest.mark.parametrize("request_", [
    "search for bugs in parser.py",  # a review: a plain word is not what a search for text looks like
    "write a script that counts the words in README.md",
    "add a function that prints the first 10 lines of a file",
])
def test_work_that_mentions_searching_or_counting_is_not_a_shell_command(request_):
    assert (rules.match(request_) or {}).get("tool") != "shell"
