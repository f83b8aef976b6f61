"""Issue 40, items 1-3 and part of 7: Codey acts only when asked, runs commands as typed, and asks before anything
it cannot undo. Outcomes are read on disk, in the git repository and in the checkpoint database."""
import os
import stat

import pytest

from codey import router
from tests.conftest import git

ANSWER = "It is most likely a permissions problem on the remote."


def branches(ws):
    return sorted(git(ws, "branch", "--format=%(refname:short)").split())


@pytest.fixture
def remote(repo_with_remote):
    """A local bare remote as the upstream of main, and one local commit it does not have yet."""
    workspace, bare = repo_with_remote
    git(workspace, "commit", "-q", "--allow-empty", "-m", "local work")
    return bare


@pytest.fixture
def spy(tmp_path, monkeypatch):
    """Programs a request might wrongly run (pip, make, curl) that only leave a mark that they ran."""
    bin_dir, marks = tmp_path / "bin", tmp_path / "ran"
    bin_dir.mkdir()
    marks.mkdir()
    for name in ("pip", "pip3", "make", "curl"):
        script = bin_dir / name
        script.write_text(f"#!/bin/sh\ntouch {marks}/{name}\n")
        script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return marks


# 1. Intent before action: questions, pasted logs and bug reports are answered; nothing in their words is done.

@pytest.mark.parametrize("request_", [
    "git push is failing with error 403, why?",
    "why does git push say 'rejected'",
    "is it safe to run git push --force here?",
    "git push is rejected every time I try",
    "error: failed to push some refs to 'origin'\nhint: Updates were rejected because the tip of your current branch is behind",
])
def test_a_question_or_log_about_push_never_pushes(run_graph, workspace, remote, request_):
    before = git(remote, "rev-parse", "main")
    outcome, _ = run_graph(request_, workspace, [ANSWER])
    assert outcome["state"]["route"] == "question"
    assert git(remote, "rev-parse", "main") == before != git(workspace, "rev-parse", "HEAD")


@pytest.mark.parametrize("request_", ["git branch shows nothing after clone?", "git checkout says my branch is behind?"])
def test_a_question_about_branches_creates_or_switches_none(run_graph, workspace, request_):
    (workspace / "README.md").write_text("# local edit\n")
    outcome, _ = run_graph(request_, workspace, [ANSWER])
    assert outcome["state"]["route"] == "question"
    assert branches(workspace) == ["main"] and git(workspace, "rev-parse", "--abbrev-ref", "HEAD") == "main"
    assert (workspace / "README.md").read_text() == "# local edit\n"


@pytest.mark.parametrize("request_", [
    "pip install requests fails behind a proxy",
    "make fails with error 2 since yesterday",
    "curl https://example.com hangs?",
    "Traceback (most recent call last):\n  File \"setup.py\", line 3, in <module>\n    import requests\n"
    "ModuleNotFoundError: No module named 'requests'\n$ pip install requests",
])
def test_a_report_naming_a_program_never_runs_it(run_graph, workspace, spy, request_):
    outcome, _ = run_graph(request_, workspace, [ANSWER])
    assert outcome["state"]["route"] == "question" and not list(spy.iterdir())


def test_a_bug_report_is_answered_and_work_when_it_asks_for_it():
    report = ("## Bug: totals are wrong\n\nSteps to reproduce:\n1. Run `make report`.\n2. Open out.csv.\n\n"
              "Expected: 10 rows. Actual: 9 rows.\n")
    assert router.decide(report)["route"] == "question"
    assert router.decide(report + "\nPlease fix the off-by-one in report.py.")["route"] == "code"


@pytest.mark.parametrize("request_,tool", [
    ("could you run git status?", "shell"), ("can you show the git status?", "git_status"),
    ("is my working tree clean?", "git_status"),  # a question may look, read-only
])
def test_polite_requests_and_read_only_looks_still_run(request_, tool):
    decision = router.decide(request_)
    assert decision["route"] == "tool" and decision["tool"] == tool


def test_a_polite_request_for_work_is_an_instruction():
    assert router.decide("can you fix the parser in reader.py?")["route"] == "code"


# 2. Commands run as typed, with exactly their own arguments.

def test_flags_are_kept_exactly(cli, workspace):
    for i in range(3):
        git(workspace, "commit", "-q", "--allow-empty", "-m", f"commit {i}")
    code, out, _ = cli("git log --oneline -2", workspace=workspace)
    assert code == 0 and out["answer"].strip() == git(workspace, "log", "--oneline", "-2")


def test_git_branch_dash_d_deletes_and_never_creates(cli, workspace):
    git(workspace, "branch", "old")
    code, out, _ = cli("git branch -D old", workspace=workspace)
    assert code == 3 and branches(workspace) == ["main", "old"] and "git branch -D old" in out["error"]
    code, _, _ = cli("--yes", "git branch -D old", workspace=workspace)
    assert code == 0 and branches(workspace) == ["main"]


def test_a_typed_commit_that_would_open_an_editor_is_refused_with_the_reason(cli, workspace):
    (workspace / "README.md").write_text("# staged\n")
    git(workspace, "add", "README.md")
    code, out, _ = cli("--yes", "git commit", workspace=workspace)
    assert code == 3 and git(workspace, "log", "--format=%s") == "initial"  # refused at once, no editor waited for
    code, _, _ = cli("--yes", "git commit -m 'staged readme'", workspace=workspace)
    assert code == 0 and git(workspace, "log", "-1", "--format=%s") == "staged readme"


# 3. Risk classes: what is not known to read, or to be undoable by Codey, needs approval.

@pytest.mark.parametrize("command", ["git checkout .", "git restore README.md", "git stash", "git reset --hard"])
def test_discarding_uncommitted_work_needs_approval(cli, workspace, command):
    (workspace / "README.md").write_text("# precious edit\n")
    code, out, _ = cli(command, workspace=workspace)
    assert code == 3 and (workspace / "README.md").read_text() == "# precious edit\n"
    assert command in out["error"]
    code, _, _ = cli("--yes", command, workspace=workspace)
    assert code == 0 and (workspace / "README.md").read_text() == "# demo\n"


@pytest.mark.parametrize("command,left", [
    ("rm -rf build", "build/keep.txt"), ("echo gone > build/keep.txt", "build/keep.txt"),
    ("python -c \"import shutil; shutil.rmtree('build')\"", "build/keep.txt"),
    ("./clean.sh", "build/keep.txt"),  # a program Codey knows nothing of
])
def test_writes_codey_cannot_undo_are_refused_without_a_tty_or_yes(cli, workspace, command, left):
    (workspace / "build").mkdir()
    (workspace / "build" / "keep.txt").write_text("keep\n")
    script = workspace / "clean.sh"
    script.write_text("#!/bin/sh\nrm -rf build\n")
    script.chmod(0o755)
    code, out, _ = cli(command, workspace=workspace)
    assert code == 3 and (workspace / left).read_text() == "keep\n"


def test_network_commands_need_approval(cli, workspace, remote):
    before = git(remote, "rev-parse", "main")
    for request_ in ("git push", "git push origin main", "push to origin"):
        code, _, _ = cli(request_, workspace=workspace)
        assert code == 3 and git(remote, "rev-parse", "main") == before
    code, _, _ = cli("--yes", "git push", workspace=workspace)
    assert code == 0 and git(remote, "rev-parse", "main") == git(workspace, "rev-parse", "HEAD")


def test_plain_commands_need_no_approval(cli, workspace):
    (workspace / "config.json").write_text('{"a": 1}\n')
    for request_ in ("git status", "ls", "read config.json", "git diff", "show the git log"):
        code, out, _ = cli(request_, workspace=workspace)
        assert code == 0 and out["status"] == "done", request_
    code, _, _ = cli("create a directory named tests", workspace=workspace)  # Codey's own tool: --undo reverses it
    assert code == 0 and (workspace / "tests").is_dir()


PLAN = ('{"steps": [{"action": "create greet.py with a function greet(name)", "kind": "code", "only_if": "always"}, '
        '{"action": "run pip install requests", "kind": "tool", "only_if": "always"}]}')
GREET = 'greet.py\n```python\ndef greet(name):\n    return "Hello, " + name\n```\n'


def test_a_plan_the_model_drafted_is_confirmed_before_any_step_that_asks(run_graph, workspace, spy):
    outcome, models = run_graph("scaffold a greeter package", workspace, [PLAN, GREET])
    state = outcome["state"]
    assert state["status"] == "refused" and "pip install requests" in state["error"]
    assert not (workspace / "greet.py").exists() and not list(spy.iterdir())  # not even the harmless first step
    assert models.unloaded == ["coder"]
    outcome, _ = run_graph("scaffold a greeter package", workspace, [PLAN, GREET], yes=True)
    assert (workspace / "greet.py").exists() and (spy / "pip").exists()


LOOKS = ('{"steps": [{"action": "show the git status", "kind": "tool", "only_if": "always"}, '
         '{"action": "list the files", "kind": "tool", "only_if": "always"}]}')
WRITES = ('{"steps": [{"action": "create greet.py with a function greet(name)", "kind": "code", "only_if": "always"}, '
          '{"action": "create a directory named docs", "kind": "tool", "only_if": "always"}]}')


def test_a_drafted_plan_that_only_looks_runs_and_one_that_writes_waits_for_approval(run_graph, workspace):
    outcome, _ = run_graph("scaffold a look at the repo", workspace, [LOOKS])
    assert [t["status"] for t in outcome["state"]["tasks"]] == ["done", "done"]
    outcome, _ = run_graph("scaffold a greeter package", workspace, [WRITES, GREET])
    assert outcome["state"]["status"] == "refused"
    assert not (workspace / "greet.py").exists() and not (workspace / "docs").exists()


# 7. Secrets stay out of saved state.

def test_printenv_output_is_shown_but_never_saved(cli, workspace, monkeypatch):
    monkeypatch.setenv("CODEY_TEST_TOKEN", "s3cr3t-t0ken-value")
    for args in (("--thread-id", "t-env", "printenv"), ("env",), ("run printenv CODEY_TEST_TOKEN",)):
        code, out, err = cli("--yes", *args, workspace=workspace)
        assert code == 0 and "s3cr3t-t0ken-value" in err  # shown to the user
    saved = b"".join(p.read_bytes() for p in (workspace / ".codey").rglob("*") if p.is_file())
    assert saved and b"s3cr3t-t0ken-value" not in saved


def test_a_commit_takes_the_files_codey_changed_never_an_untracked_secret(cli, workspace):
    (workspace / ".env").write_text("API_KEY=s3cr3t\n")
    (workspace / "README.md").write_text("# demo, edited\n")  # tracked: its change is committed
    code, out, _ = cli("--yes", "touch notes.md, then commit with message 'notes'", workspace=workspace)
    assert code == 0, out
    assert sorted(git(workspace, "show", "--name-only", "--format=", "HEAD").split()) == ["README.md", "notes.md"]
    assert git(workspace, "status", "--porcelain", "--", ".env") == "?? .env"
