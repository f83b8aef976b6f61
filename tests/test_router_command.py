"""A look at the machine or the files asked for in words runs as the one read-only command the coder writes."""
from types import SimpleNamespace

import pytest

from codey import router
from codey.router import command


@pytest.mark.parametrize("line", [
    "du -sh data",
    "find . -type f -size +50M",
    "grep -rn TODO src | wc -l",
    "find src -name '*.py' | xargs wc -l",
    "pip show numpy",
    "python3 --version",
    "ss -ltnp | grep 8080",
    "git log --oneline -5",
    "git branch -a",
    "git branch --contains HEAD~1",
    "git remote -v",
    "sort names.txt | uniq -c",
    "find web -name '*.js' -exec wc -l {} \\; | awk '{s+=$1} END {print s}'",
    "echo $PATH",
    "env",
    "df -h .",
    "find assets -type f -exec du -sh {} \\; | sort -rh | head -10",  # find running a reader on each file
    "find / -name settings.py 2>/dev/null",
    "du -sh src && du -sh tests",
])
def test_commands_that_only_read_may_run(line):
    assert command.read_only(line)


@pytest.mark.parametrize("line", [
    "rm -rf build",                      # deletes
    "find . -name '*.pyc' -delete",      # a reading program told to delete
    "find . -exec rm {} ;",
    "ls > files.txt",                    # a redirection writes a file
    "cat $(echo secrets.txt)",           # command substitution runs anything
    "pip install requests",              # pip, but not a subcommand that only reads
    "python main.py",                    # runs the user's code
    "git push",                          # git, but it writes
    "git branch -D old",
    "git branch feature-x",              # creates a branch
    "git tag v1.0",
    "git remote add origin /tmp/x",
    "git diff --output=patch.diff",
    "uniq names.txt unique.txt",         # writes its second file
    "date -s 2020-01-01",
    "rg --pre ./run.sh TODO",
    "awk 'BEGIN {system(\"rm -rf x\")}'",
    "awk '{print | \"sh\"}' cmds.txt",
    "env rm -rf build",
    "du -sh . && rm -rf data",           # one reader does not vouch for the chain
    "xargs rm",
    "find . -name '*.log' -exec rm {} +",
    "sleep 100 &",
    "grep -r 'unterminated",             # does not parse
])
def test_commands_that_write_delete_or_run_code_never_run(line):
    assert not command.read_only(line)


@pytest.mark.parametrize("reply, expected", [
    ("du -sh data", "du -sh data"),
    ("`du -sh data`", "du -sh data"),
    ("```bash\ndu -sh data\n```", "du -sh data"),
    ("$ df -h", "df -h"),
    ("NONE", None),
    ("None.", None),
    ("", None),
])
def test_the_command_is_read_from_the_coders_reply(reply, expected):
    assert command.command_of(reply) == expected


@pytest.mark.parametrize("line, tool, args", [
    ("ls -la src", "list_dir", {"path": "src"}),
    ("ls", "list_dir", {}),
    ("cat setup.cfg", "read_file", {"path": "setup.cfg"}),
    ("ls -S src | head -3", "shell", {"command": "ls -S src | head -3", "look": True}),
])
def test_a_command_codey_has_a_tool_for_uses_the_tool(line, tool, args):
    decision = command.own_tool(line)
    assert (decision["tool"], decision["args"]) == (tool, args)


def test_a_look_in_words_runs_the_read_only_command_the_coder_wrote(tmp_path, run_graph):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "rows.csv").write_text("a,b\n" * 1000)
    outcome, models = run_graph("how big is the data folder?", tmp_path, one_shot=["du -sh data"])
    assert outcome["state"]["route"] == "tool"
    assert "data" in outcome["state"]["tasks"][0]["output"] and "K" in outcome["state"]["tasks"][0]["output"]
    assert models.unloaded == ["coder"]  # the coder that wrote the command does not stay in memory


def test_a_look_whose_command_exits_non_zero_still_answers(tmp_path, run_graph):
    outcome, _ = run_graph("is there a cache folder here?", tmp_path, one_shot=["stat cache"])
    assert outcome["state"]["status"] == "done"  # "no such file" is the answer, not a failure of Codey
    assert "No such file" in outcome["state"]["tasks"][0]["output"] and "(exit 1)" in outcome["state"]["tasks"][0]["output"]


def test_a_command_that_would_write_is_answered_instead_of_run(tmp_path, run_graph):
    (tmp_path / "keep.txt").write_text("keep")
    outcome, _ = run_graph("clear out the workspace", tmp_path, replies=["Deleting everything here is `rm -rf .`; "
                                                                         "check `git status` first."],
                           one_shot=["rm -rf ."])
    assert outcome["state"]["route"] == "question"
    assert (tmp_path / "keep.txt").read_text() == "keep"


def test_a_question_the_coder_declines_to_run_is_answered(tmp_path, run_graph):
    outcome, models = run_graph("pros and cons of keeping all the tests in one file here?", tmp_path,
                                replies=["One file is easy to find; several keep each one short."])
    assert outcome["state"]["route"] == "question"
    assert "tests in one file" in models.chat.invoked[0][-1][1]  # it was asked, and said NONE


def test_long_texts_and_commands_the_rules_know_never_ask_for_a_command():
    class NoModel:
        settings = SimpleNamespace(router_fallback="question")

        def get(self, role):
            raise AssertionError("no model should be asked for a command")

    pasted = "Our report job crashes.\n\n1. Run the export\n2. See the traceback\n\nFix it in report.py."
    assert router.decide(pasted, NoModel())["route"] == "code"
    assert router.decide("git status", NoModel())["tool"] == "git_status"
    assert router.decide("why does my recursion hit a limit?", NoModel())["route"] == "question"
    assert router.decide("search for a library that parses yaml", NoModel())["route"] == "question"
    assert router.decide("the navbar overlaps the logo on small screens", NoModel())["route"] == "question"
    assert router.decide("explain how the cache in this project is invalidated", NoModel())["route"] == "question"
    assert router.decide("I keep wondering, when a project like this one grows for years, which of its files usually "
                         "end up the biggest and what people tend to do about that, in your experience?",
                         NoModel())["route"] != "tool"

