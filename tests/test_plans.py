"""Plans on real git (a bare repository as the remote) and real processes: conditions, resume, threads."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, git


@pytest.mark.parametrize("passing", [True, False])
def test_pull_test_and_push_only_if_green(cli, repo_with_remote, passing):
    ws, remote = repo_with_remote
    (ws / "test_math.py").write_text(f"def test_add():\n    assert 1 + 1 == {2 if passing else 3}\n")
    git(ws, "add", "-A")
    git(ws, "commit", "-qm", "add a test")
    before = git(remote, "rev-parse", "main")
    code, out, _ = cli("--yes", "1. git pull 2. run tests 3. if pass, git push", workspace=ws)
    assert code == (0 if passing else 1) and out["route"] == "plan", out
    assert [t["tool"] for t in out["tasks"]] == ["git_pull", "run_tests", "git_push"]
    after = git(remote, "rev-parse", "main")
    if passing:
        assert after == git(ws, "rev-parse", "HEAD") != before
        assert [t["status"] for t in out["tasks"]] == ["done", "done", "done"]
    else:
        assert after == before
        assert [t["status"] for t in out["tasks"]] == ["done", "failed", "skipped"]
        assert out["status"] == "failed" and "tests failed: 1 failed" in out["error"]
        assert out["tasks"][2]["output"].startswith("skipped: step 2 (run tests) did not pass")


def test_a_plan_that_pushes_is_refused_at_that_step_without_approval(cli, repo_with_remote):
    """Each step of a plan split from the user's words is approved as it runs: the pull asks first, so nothing runs."""
    ws, remote = repo_with_remote
    git(ws, "commit", "-q", "--allow-empty", "-m", "local work")
    before = git(remote, "rev-parse", "main")
    code, out, _ = cli("1. git pull 2. run tests 3. if pass, git push", workspace=ws)
    assert code == 3 and [t["status"] for t in out["tasks"]] == ["refused", "pending", "pending"]
    assert git(remote, "rev-parse", "main") == before and "git pull" in out["error"]


def test_kill_9_mid_plan_then_resume_does_each_side_effect_once(config_path, workspace):
    plan = "1. echo one >> log.txt 2. commit with message 'step two' 3. run sleep 4 4. echo four >> log.txt"
    (workspace / "log.txt").write_text("")  # tracked: a commit takes tracked changes, never every untracked file
    git(workspace, "add", "log.txt")
    git(workspace, "commit", "-qm", "log")
    cmd = [sys.executable, str(ROOT / "run.py"), "--config", str(config_path), "-C", str(workspace), "--yes", "--thread-id", "t-kill"]
    proc = subprocess.Popen(cmd + [plan], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 60
    while "step two" not in git(workspace, "log", "--format=%s") and time.time() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)  # step 3 is sleeping now
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (workspace / "log.txt").read_text().count("four")

    listed = subprocess.run(cmd[:-2] + ["--threads", "--json"], capture_output=True, text=True)
    thread = next(t for t in json.loads(listed.stdout)["threads"] if t["thread_id"] == "t-kill")
    assert thread["status"] == "interrupted" and thread["steps_done"] == 2 and thread["steps_total"] == 4

    done = subprocess.run(cmd[:-2] + ["--json", "--resume", "t-kill"], capture_output=True, text=True, timeout=120)
    out = json.loads(done.stdout)
    assert done.returncode == 0 and out["status"] == "done", done.stderr
    assert (workspace / "log.txt").read_text().split() == ["one", "four"]
    assert git(workspace, "log", "--format=%s").splitlines().count("step two") == 1


def test_failed_step_resumes_from_that_step(cli, workspace):
    code, out, _ = cli("--yes", "1. echo a >> notes.txt 2. read missing.txt 3. echo b >> notes.txt", workspace=workspace)
    assert code == 1 and [t["status"] for t in out["tasks"]] == ["done", "failed", "pending"]
    (workspace / "missing.txt").write_text("here now\n")
    code, out, _ = cli("--yes", "--resume", out["thread_id"], workspace=workspace)
    assert code == 0 and [t["status"] for t in out["tasks"]] == ["done", "done", "done"]
    assert (workspace / "notes.txt").read_text().split() == ["a", "b"]


def test_resume_of_unknown_thread_is_bad_input(cli, workspace):
    code, out, _ = cli("--resume", "nope", workspace=workspace)
    assert code == 2 and "no saved run" in out["error"]


def test_ctrl_c_saves_and_prints_the_resume_command(config_path, workspace):
    cmd = [sys.executable, str(ROOT / "run.py"), "--config", str(config_path), "-C", str(workspace), "--yes", "--thread-id", "t-int",
           "1. echo one >> log.txt 2. run sleep 5 3. echo three >> log.txt"]
    # a suite started in the background (`pytest &`) passes on SIGINT ignored; a user at a terminal has it
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + 30
    while not (workspace / "log.txt").exists() and time.time() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and "--resume t-int" in out + err
    resumed = subprocess.run(cmd[:-1] + ["--resume", "t-int"], capture_output=True, text=True, timeout=60)
    assert resumed.returncode == 0 and (workspace / "log.txt").read_text().split() == ["one", "three"]


PROBE = """import json, runpy, sys
sys.path.insert(0, ".")
from flask import Flask
found = [v for f in sys.argv[1:] for v in runpy.run_path(f).values()]
apps = [v for v in found if isinstance(v, Flask)] or [v() for v in found if getattr(v, "__name__", "") == "create_app"]
client = apps[0].test_client()
rules = [r.rule for r in apps[0].url_map.iter_rules() if "GET" in r.methods and not r.arguments]
print(json.dumps({rule: [client.get(rule).status_code, client.get(rule).get_data(as_text=True)] for rule in rules}))
"""


def test_flask_app_structure_then_a_hello_world_route(cli, workspace):
    pytest.importorskip("flask")
    code, out, _ = cli("--yes", "Create a flask app structure and then write a hello world route", workspace=workspace)
    assert code == 0 and [t["status"] for t in out["tasks"]] == ["done", "done"]
    files = [f for f in out["files_changed"] if f.endswith(".py")]
    probe = subprocess.run([sys.executable, "-c", PROBE, *files], cwd=workspace, capture_output=True, text=True)
    routes = json.loads(probe.stdout)
    assert any(status == 200 and "hello" in body.lower() for status, body in routes.values()), routes


def test_the_coder_plans_what_the_rules_cannot_split(cli, workspace):
    code, out, _ = cli("--yes", "set up a python package called calc with an add function and tests", workspace=workspace)
    plan = next(s for s in out["steps"] if s["node"] == "plan")
    assert plan["by"] == "model" and len(out["tasks"]) >= 2
    assert {t["route"] for t in out["tasks"]} <= {"tool", "code", "question"} and "code" in {t["route"] for t in out["tasks"]}


def test_a_numbered_request_becomes_routed_tasks_whose_condition_tests_an_earlier_step():
    """Split and routed by rule, no model loaded; the condition points at the tests step, not the one just before."""
    from codey.app.ui import UI
    from codey.plan import tasks
    from tests.conftest import FakeModels

    models = FakeModels()
    found, used = tasks.make("1. run the tests 2. git add -A 3. if they fail, git stash", models, UI(quiet=True))
    assert used == [] and models.resident == {}
    assert [t["tool"] for t in found] == ["run_tests", "git_add", "shell"]
    assert [t["condition"] for t in found] == [None, None, {"when": "failed", "step": 0}]
