"""How a request gets in (an argument, --file, stdin) and what a request that cannot run prints."""
import json

import pytest

from tests.conftest import ROOT

EXERCISE = (ROOT / "bench/data/router_pasted.jsonl").open().readline()


def test_file_gives_the_whole_text_as_one_request(cli, tmp_path):
    path = tmp_path / "instructions.md"
    path.write_text(json.loads(EXERCISE)["request"])
    code, out, _ = cli("--route-only", "--file", str(path))
    assert code == 0 and out["route"] == "code" and out["tool"] is None


def test_file_dash_reads_the_request_from_stdin(cli):
    code, out, _ = cli("--route-only", "--file", "-", stdin=json.loads(EXERCISE)["request"])
    assert code == 0 and out["route"] == "code"


@pytest.mark.parametrize("content", [None, "", "  \n\n"])
def test_unreadable_or_empty_file_is_a_one_line_error(cli, tmp_path, workspace, content):
    path = tmp_path / "request.txt"
    if content is not None:
        path.write_text(content)
    code, out, err = cli("--file", str(path), workspace=workspace)
    assert code == 2 and out["status"] == "failed" and out["thread_id"] is None
    assert err.count("error:") == 1 and len(err.strip().splitlines()) == 1 and "--resume" not in err


def test_empty_request_argument_is_bad_input_without_resume_hint(cli, workspace):
    code, _, err = cli("  ", workspace=workspace)
    assert code == 2 and "empty request" in err and "--resume" not in err


def test_a_request_that_cannot_be_routed_has_nothing_to_resume(cli, workspace):
    code, out, err = cli("qwrtz xkcd", workspace=workspace)
    assert code == 2 and out["route"] == "error" and "cannot make sense" in err and "--resume" not in err


def test_a_bug_in_codey_is_one_line_and_a_log_not_a_traceback(monkeypatch, tmp_path, capsys, workspace):
    from codey.app import cli, config

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("FAKE_API_KEY", "sk-not-for-logs-123")
    monkeypatch.setattr(config, "load", lambda path=None: (_ for _ in ()).throw(RuntimeError("sk-not-for-logs-123")))
    code = cli.main(["-C", str(workspace), "--config", str(tmp_path / "c.json"), "create a file a.txt"])
    logs = list((tmp_path / "cache" / "codey" / "logs").glob("crash-*.log"))
    assert code == cli.INTERNAL_ERROR and len(logs) == 1
    assert "Traceback" in logs[0].read_text() and "sk-not-for-logs-123" not in logs[0].read_text()
    assert "Traceback" not in capsys.readouterr().err
