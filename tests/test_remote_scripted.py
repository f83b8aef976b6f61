"""The served coder against a scripted OpenAI-compatible server on loopback (no model needed): what a failing
server does to a run, the requests Codey sends, and what the lifecycle manager counts."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

PLAN = {"steps": [{"action": "create greet.py with greet(name)", "kind": "code", "only_if": "always"}]}


class Scripted(BaseHTTPRequestHandler):
    """Lists model "stub"; answers chat completions as server.behaviour says: "slow", "cut", "plan" or "sample"."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        self._send(200, {"object": "list", "data": [{"id": "stub", "object": "model"}]})

    def do_POST(self):
        srv = self.server
        srv.requests.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        with srv.lock:
            srv.in_flight += 1
            srv.most = max(srv.most, srv.in_flight)
        try:
            if srv.behaviour == "slow":
                time.sleep(3)
            elif srv.behaviour == "sample":
                time.sleep(0.5)
            self._events([json.dumps(PLAN)] if srv.behaviour == "plan" else ["print(", "'bye'"],
                         finish=srv.behaviour != "cut")
        finally:
            with srv.lock:
                srv.in_flight -= 1

    def _send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _events(self, texts, finish):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        chunks = [{"role": "assistant", "content": ""}] + [{"content": t} for t in texts]
        for i, delta in enumerate(chunks):
            last = finish and i == len(chunks) - 1
            choice = {"index": 0, "delta": delta, "finish_reason": "stop" if last else None}
            self.wfile.write(f"data: {json.dumps({'id': 'x', 'object': 'chat.completion.chunk', 'created': 0, 'model': 'stub', 'choices': [choice]})}\n\n".encode())
            self.wfile.flush()
        if finish:
            self.wfile.write(b"data: [DONE]\n\n")
        self.close_connection = True


@pytest.fixture
def stub():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
    srv.behaviour, srv.requests, srv.lock, srv.in_flight, srv.most = "plan", [], threading.Lock(), 0, 0
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    srv.url = f"http://127.0.0.1:{srv.server_address[1]}/v1"
    yield srv
    srv.shutdown()


def spec(url, **fields):
    from codey.app.config import ModelConfig

    return ModelConfig(backend="openai", base_url=url, model="stub", **fields)


def stub_config(config_path, url, **coder):
    config_path.write_text(json.dumps({"coder": {"backend": "openai", "base_url": url, "model": "stub", **coder}}))


@pytest.mark.parametrize("behaviour,message", [("slow", "sent nothing for 0.5 s (coder.timeout_s)"),
                                               ("cut", "was cut off mid-stream")])
def test_a_server_that_stops_answering_fails_the_task_and_changes_nothing(cli, workspace, config_path, stub,
                                                                          behaviour, message):
    (workspace / "hello.py").write_text("print('hi')\n")
    stub.behaviour = behaviour
    stub_config(config_path, stub.url, timeout_s=0.5)
    code, out, err = cli("change hello.py to print bye", workspace=workspace)
    assert code == 1 and message in out["error"] and stub.url in out["error"]
    assert "\n" not in out["error"] and "--resume" in err and "Traceback" not in err
    assert (workspace / "hello.py").read_text() == "print('hi')\n"


def test_the_plan_is_asked_for_with_a_json_schema(stub):
    from codey.plan import planner
    from codey.memory.remote import connect
    from codey.app.ui import UI

    steps = planner.draft("scaffold a greeter", connect(spec(stub.url)), UI(quiet=True))
    assert [s.action for s in steps] == ["create greet.py with greet(name)"]
    fmt = stub.requests[-1]["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["schema"]["required"] == ["steps"]


def test_candidates_are_drawn_as_concurrent_requests(stub):
    from codey.memory.remote import connect

    stub.behaviour = "sample"
    chat = connect(spec(stub.url))
    start = time.perf_counter()
    replies = chat.sample([("user", "write it")], 3, 0.8)
    assert replies == ["print('bye'"] * 3 and stub.most == 3
    assert time.perf_counter() - start < 1.4  # three 0.5 s replies served together, not one after another
    assert [r["temperature"] for r in stub.requests] == [0.8] * 3


def test_a_missing_key_variable_is_named(cli, workspace, config_path, stub, monkeypatch):
    monkeypatch.delenv("CODEY_TEST_KEY", raising=False)
    stub_config(config_path, stub.url, api_key_env="CODEY_TEST_KEY")
    code, out, _ = cli("create calc.py with a function add(a, b)", workspace=workspace)
    assert code == 2 and "CODEY_TEST_KEY" in out["error"]


def test_a_served_coder_takes_no_room_in_the_budget(stub):
    from codey.app.config import Settings
    from codey.memory.lifecycle import Lifecycle
    from codey.app.ui import UI

    settings = Settings(memory_budget_mb=1, n_threads=1, n_threads_batch=1, coder=spec(stub.url).model_dump())
    models = Lifecycle(settings, UI(quiet=True))
    assert models.get("coder").continues_prefill is False and models.guards("coder") == []
    assert models.unload("coder") == 0.0 and models.resident == {}
    assert stub.requests == []  # checking the server lists the model is all a load does
