"""What a person at a terminal sees: the plan and destructive steps wait for an answer."""
import os
import pty
import subprocess
import sys
import time

from tests.conftest import ROOT


def run_on_tty(args, answers, cwd, timeout=60):
    """Run the CLI on a pseudo-terminal, typing each answer when the prompt for it appears."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, str(ROOT / "run.py"), *args], stdin=slave, stdout=slave, stderr=slave,
                            cwd=cwd, env={**os.environ, "TERM": "xterm", "COLUMNS": "200"})
    os.close(slave)
    seen, deadline = b"", time.time() + timeout
    answers = list(answers)
    while proc.poll() is None and time.time() < deadline:
        try:
            seen += os.read(master, 4096)
        except OSError:
            break
        if answers and answers[0][0].encode() in seen.split(b"\n")[-1] + seen[-200:]:
            os.write(master, answers.pop(0)[1].encode() + b"\r")
    proc.wait(timeout=10)
    os.close(master)
    return proc.returncode, seen.decode(errors="replace")


def test_cancelling_a_plan_on_a_terminal_runs_nothing(workspace, config_path):
    code, out = run_on_tty(["--config", str(config_path), "mkdir a, then mkdir b"], [("Run this plan?", "n")], workspace)
    assert code == 3 and "plan cancelled" in out
    assert not (workspace / "a").exists() and not (workspace / "b").exists()


def test_destructive_step_asks_on_a_terminal(workspace, config_path):
    (workspace / "old.txt").write_text("x")
    code, out = run_on_tty(["--config", str(config_path), "delete old.txt"], [("Go ahead?", "n")], workspace)
    assert code == 3 and (workspace / "old.txt").exists()
    code, out = run_on_tty(["--config", str(config_path), "delete old.txt"], [("Go ahead?", "y")], workspace)
    assert code == 0 and not (workspace / "old.txt").exists()


def test_lines_pasted_together_at_the_prompt_are_one_request(workspace, config_path):
    code, out = run_on_tty(["--config", str(config_path)],
                           [("> ", "1. mkdir a\r2. mkdir b"), ("Run this plan?", "n"), ("> ", "/exit")], workspace)
    assert code == 0 and "Run this plan?" in out, out
    assert not (workspace / "a").exists() and not (workspace / "b").exists()
