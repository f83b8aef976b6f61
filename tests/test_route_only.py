"""--route-only: the routing decision alone, one JSON line per request, nothing executed."""
import json
import subprocess
import sys

from tests.conftest import ROOT


def route_only(args, config_path, stdin=None):
    proc = subprocess.run([sys.executable, str(ROOT / "run.py"), "--route-only", "--json", "--config", str(config_path), *args],
                          capture_output=True, text=True, input=stdin, timeout=600)
    return proc.returncode, [json.loads(line) for line in proc.stdout.splitlines()]


def test_one_request(config_path, workspace):
    code, out = route_only(["-C", str(workspace), "remove the README.md file"], config_path)
    assert code == 0 and out == [{"route": "tool", "tool": "delete_path", "args": {"path": "README.md"},
                                  "by": "rule", "latency_ms": out[0]["latency_ms"]}]
    assert (workspace / "README.md").exists()  # routed, not run


def test_stdin_gives_one_line_per_request(config_path):
    requests = ["git status", "mkdir -p a/b", "what is a context manager?", "1. git pull 2. run tests 3. git push", ""]
    code, out = route_only(["-"], config_path, stdin="\n".join(requests) + "\n")
    assert code == 0 and [o["route"] for o in out] == ["tool", "tool", "question", "plan", "error"]
    assert out[1]["args"] == {"path": "a/b"} and "reason" in out[4]


def test_unmatched_requests_default_to_question_without_a_model(config_path):
    code, out = route_only(["-"], config_path, stdin="the navbar overlaps the logo on small screens\n")
    assert code == 0 and out[0]["by"] == "default" and out[0]["route"] == "question"


def test_real_router_model_decides_when_configured(config_path):
    config_path.write_text(json.dumps({"router_fallback": "model"}))
    code, out = route_only(["-"], config_path, stdin="git status\nthe signup form should reject empty emails\n")
    assert code == 0 and out[0]["by"] == "rule"
    assert out[1]["by"] == "model" and out[1]["route"] == "code"  # a behaviour to change: code
