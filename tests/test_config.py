import json
import subprocess
import sys

import pytest

from codey import __version__
from codey.app import config
from codey.app.errors import ConfigError
from tests.conftest import ROOT


def test_first_run_writes_machine_defaults(config_path):
    settings = config.load(config_path)
    data = json.loads(config_path.read_text())
    assert data["memory_budget_mb"] == settings.memory_budget_mb > 0
    assert data["n_threads"] >= 1 and data["coder"]["model"] == "qwen2.5-coder-1.5b-instruct"


@pytest.mark.parametrize("text,field", [
    ('{"memory_budget_mb": "lots"}', "memory_budget_mb"),
    ('{"coder": {"model": "x", "n_ctx": 10}}', "coder.n_ctx"),
    ('{"typo_key": 1}', "typo_key"),
    ('{"coder": {"backend": "openai", "model": "qwen"}}', "coder.base_url"),
    ('{"coder": {"backend": "vllm", "model": "qwen"}}', "coder.backend"),
    ('{"coder": {"backend": "openai", "model": "q", "base_url": "http://h:8000/v1", "api_key_env": "sk-12ab"}}',
     "coder.api_key_env"),
    ('{"coder": {"backend": "openai", "model": "q", "base_url": "h:8000", "timeout_s": 9}}', "coder.base_url"),
])
def test_invalid_fields_are_named(config_path, text, field):
    config_path.write_text(text)
    with pytest.raises(ConfigError, match=f"'{field}'"):
        config.load(config_path)
    assert config_path.read_text() == text


def test_malformed_config_exits_2_and_is_kept(cli, config_path, workspace):
    config_path.write_text("{not json")
    code, out, err = cli("git status", workspace=workspace)
    assert code == 2 and out["status"] == "failed"
    assert "not valid JSON" in out["error"] and "Traceback" not in err
    assert config_path.read_text() == "{not json"


def test_version_is_printed():
    proc = subprocess.run([sys.executable, str(ROOT / "run.py"), "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.strip() == f"codey {__version__}"
