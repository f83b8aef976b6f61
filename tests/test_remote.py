"""The coder served by a real engine: llama-cpp-python's own OpenAI-compatible server, on loopback, with the 0.5B."""
import json
import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

ALIAS = "codey-test"
SERVER_CTX = 2048


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, log_path) -> subprocess.Popen:
    """llama-cpp-python's server on 127.0.0.1 with the 0.5B model; returns once /v1/models answers."""
    from codey.app.config import Settings
    from codey.memory.lifecycle import Lifecycle
    from codey.app.ui import UI

    model = Lifecycle(Settings(memory_budget_mb=4000, n_threads=2, n_threads_batch=2), UI(quiet=True)).model_path("router")
    log = open(log_path, "w")
    proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--model_alias", ALIAS,
                             "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(SERVER_CTX), "--n_threads", "2",
                             "--interrupt_requests", "False"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/models", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.3)
    stop_server(proc)
    pytest.fail(f"llama_cpp.server did not start: {open(log_path).read()[-2000:]}")


def stop_server(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    port = free_port()
    proc = start_server(port, tmp_path_factory.mktemp("server") / "server.log")
    yield f"http://127.0.0.1:{port}/v1"
    stop_server(proc)


def remote_config(config_path, url, max_attempts=3, **coder):
    config_path.write_text(json.dumps({"max_attempts": max_attempts, "coder": {
        "backend": "openai", "base_url": url, "model": ALIAS, "n_ctx": SERVER_CTX, "max_tokens": 200,
        "extra_body": {"repeat_penalty": 1.0}, **coder}}))


def test_a_coding_task_runs_on_the_server(cli, workspace, config_path, server_url):
    remote_config(config_path, server_url)
    code, out, err = cli("create a Python script hello.py that prints hello world", workspace=workspace)
    assert code == 0 and out["status"] == "done", err
    assert [s["node"] for s in out["steps"]] == ["route", "load_model", "code", "verify", "unload"]
    run = subprocess.run([sys.executable, "hello.py"], cwd=workspace, capture_output=True, text=True, timeout=30)
    assert "hello" in run.stdout.lower()
    assert "print" in err  # the reply was streamed to the terminal
    assert out["peak_rss_mb"] < 250  # no weights in Codey's own process


def test_a_plan_is_drafted_by_the_served_model(cli, workspace, config_path, server_url):
    remote_config(config_path, server_url, max_attempts=1, max_tokens=256)  # one attempt per step keeps it short
    code, out, err = cli("--yes", "scaffold a python package greet with a test", workspace=workspace)  # it writes files
    plan = next(s for s in out["steps"] if s["node"] == "plan")
    assert plan["status"] == "ok" and plan["by"] == "model" and plan["tasks"], err
    # the 0.5B's steps may fail (a plan stops at a failed step), but the run goes through to its end
    assert code in (0, 1) and out["tasks"][0]["status"] in ("done", "failed") and out["steps"][-1]["node"] == "unload"
    assert "Traceback" not in err


def test_an_unknown_model_names_the_served_ones(cli, workspace, config_path, server_url):
    remote_config(config_path, server_url, model="qwen-99b")
    code, out, _ = cli("create calc.py with a function add(a, b)", workspace=workspace)
    assert code == 2 and "does not serve model 'qwen-99b'" in out["error"] and ALIAS in out["error"]
    assert server_url in out["error"] and not (workspace / "calc.py").exists()


def test_a_prompt_over_the_servers_context_says_so(cli, workspace, config_path, server_url):
    (workspace / "big.py").write_text("".join(f"def f{i}(x):\n    return x + {i}\n\n\n" for i in range(700)))
    remote_config(config_path, server_url, n_ctx=32768)  # the server was started with 2048
    code, out, _ = cli("add a docstring to f1 in big.py", workspace=workspace)
    assert code == 2 and "does not fit the context of the server" in out["error"] and "coder.n_ctx" in out["error"]
    assert (workspace / "big.py").read_text().count("def f") == 700


def test_an_unreachable_server_fails_cleanly_and_the_run_resumes_once_it_is_up(cli, workspace, config_path, tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    remote_config(config_path, url)
    code, out, err = cli("create a Python script hello.py that prints hello world", workspace=workspace)
    assert code == 2 and f"cannot reach the server at {url}" in out["error"] and "coder.base_url" in out["error"]
    assert "--resume" in err and not (workspace / "hello.py").exists()
    proc = start_server(port, tmp_path / "server.log")
    try:
        code, out, _ = cli("--resume", out["thread_id"], workspace=workspace)
    finally:
        stop_server(proc)
    assert code == 0 and (workspace / "hello.py").exists()
