import os
import signal
import subprocess

import pytest

from codey.app.errors import PathEscape, TaskFailed
from codey.tools import fs, git, permissions, shell


def test_paths_outside_the_workspace_are_refused(workspace, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    os.symlink(outside, workspace / "link.txt")
    for path in ["../secret.txt", str(outside), "link.txt", "/etc/passwd", "~/x"]:
        with pytest.raises(PathEscape):
            fs.read_file(str(workspace), path)
    with pytest.raises(PathEscape):
        fs.write_file(str(workspace), "../evil.txt", "x")
    assert not (tmp_path / "evil.txt").exists()


def test_mkdir_read_list_write(workspace):
    ws = str(workspace)
    assert fs.mkdir(ws, "a/b")["files_changed"] == ["a/b/"]
    assert (workspace / "a" / "b").is_dir()
    fs.write_file(ws, "a/b/x.txt", "hello\n")
    assert fs.read_file(ws, "a/b/x.txt")["output"] == "hello\n"
    assert fs.list_dir(ws, "a")["output"] == "b/"
    with pytest.raises(TaskFailed, match="no such file"):
        fs.read_file(ws, "missing.txt")


def test_atomic_write_leaves_no_temp_files_and_keeps_mode(workspace):
    target = workspace / "run.sh"
    target.write_text("old")
    target.chmod(0o755)
    fs.atomic_write(target, "new")
    assert target.read_text() == "new" and target.stat().st_mode & 0o777 == 0o755
    assert sorted(p.name for p in workspace.iterdir()) == [".git", "README.md", "run.sh"]


def test_git_in_a_plain_directory_says_so(tmp_path):
    with pytest.raises(TaskFailed, match="not a git repository"):
        git.git_status(str(tmp_path))


def test_git_commit_and_nothing_to_commit(workspace):
    (workspace / "a.py").write_text("x = 1\n")
    (workspace / "notes.txt").write_text("untracked, not named\n")
    out = git.git_commit(str(workspace), "add a", files=["a.py"])
    assert out["files_changed"] == ["a.py"]  # the file named, not every untracked file
    assert "add a" in git.git_log(str(workspace))["output"]
    with pytest.raises(TaskFailed, match="nothing to commit"):
        git.git_commit(str(workspace), "again")


def test_push_without_remote_is_a_clear_error(workspace):
    with pytest.raises(TaskFailed, match="no remote"):
        git.git_push(str(workspace))


def test_push_and_pull_without_an_upstream_say_how_to_set_one(workspace, tmp_path):
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    subprocess.run(["git", "remote", "add", "origin", str(remote)], cwd=workspace, check=True)
    for fn in (git.git_push, git.git_pull):
        with pytest.raises(TaskFailed, match="git push --set-upstream origin main"):
            fn(str(workspace))
    assert not subprocess.run(["git", "rev-parse", "--verify", "-q", "main"], cwd=remote, capture_output=True).stdout


def test_shell_timeout_kills_the_process_group(workspace):
    result = shell.run("sleep 30 & sleep 30", str(workspace), timeout=0.5)
    assert result["timed_out"] and result["exit_code"] == -9


def test_shell_run_reports_the_commands_own_exit_through_its_supervisor(workspace):
    assert shell.run("exit 3", str(workspace), 30)["exit_code"] == 3
    assert shell.run("kill -TERM $$", str(workspace), 30)["exit_code"] == -signal.SIGTERM
    assert shell.run(["no-such-program-here"], str(workspace), 30)["exit_code"] == 127
    both = shell.run("echo out; echo err >&2", str(workspace), 30)
    assert both["exit_code"] == 0 and both["output"].split() == ["out", "err"]


def test_a_search_that_finds_nothing_says_so_instead_of_failing(workspace):
    (workspace / "a.py").write_text("x = 1\n")
    assert shell.shell(str(workspace), "grep -rn TODO .")["output"] == "no matches"
    with pytest.raises(TaskFailed, match="exited with 2"):  # grep's own error (a missing file) is still one
        shell.shell(str(workspace), "grep -rn TODO missing.txt")
    with pytest.raises(TaskFailed, match="exited with 1"):  # other commands' exit 1 is still a failure
        shell.shell(str(workspace), "false")


@pytest.mark.parametrize("command,expected", [
    ("ls -la", "read"), ("git log --oneline -2", "read"), ("rm -rf build", "approval"), ("git push --force", "approval"),
    ("git reset --hard HEAD~1", "approval"), ("cat /etc/passwd", "approval"), ("make build", "approval"),
    ("frobnicate --all", "approval"), ("echo hi > notes.txt", "approval"), ("git checkout .", "approval"),
])
def test_shell_risk_classes_are_an_allowlist(command, expected):
    """Only what is known to read runs freely; anything else, a program never heard of included, asks."""
    assert permissions.level("shell", {"command": command}) == expected


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_files_get_the_mode_the_users_umask_gives(workspace, umask, mode):
    old = os.umask(umask)
    try:
        fs.write_file(str(workspace), "hello.py", "print('hi')\n")
    finally:
        os.umask(old)
    assert (workspace / "hello.py").stat().st_mode & 0o777 == mode
