import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def workspace(tmp_path):
    """A real git repository with one commit."""
    ws = tmp_path / "ws"
    ws.mkdir()
    git = lambda *a: subprocess.run(["git", *a], cwd=ws, check=True, capture_output=True)  # noqa: E731
    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "Test")
    (ws / "README.md").write_text("# demo\n")
    git("add", "-A")
    git("commit", "-qm", "initial")
    return ws


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repo_with_remote(tmp_path, workspace):
    """The workspace with a local bare repository as the upstream of main: a real remote for pull and push."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    git(workspace, "remote", "add", "origin", str(remote))
    git(workspace, "push", "-q", "-u", "origin", "main")
    return workspace, remote


@pytest.fixture
def config_path(tmp_path):
    return tmp_path / "config.json"


SLOW_MACHINE_BUDGET_S = 3600


@pytest.fixture
def cli(config_path):
    """Run the real CLI in a subprocess with --json; returns (exit code, parsed stdout, stderr)."""

    def run(*args, workspace=None, stdin=None, config=None):
        cmd = [sys.executable, str(ROOT / "run.py"), "--json", "--config", str(config or config_path)]
        if "--budget" not in args:  # what a test shows must not depend on how busy the machine is (tests/test_budget.py)
            cmd += ["--budget", str(SLOW_MACHINE_BUDGET_S)]
        if workspace:
            cmd += ["-C", str(workspace)]
        proc = subprocess.run(cmd + list(args), capture_output=True, text=True, input=stdin, timeout=900)
        lines = proc.stdout.strip().splitlines()
        out = json.loads(lines[-1]) if lines else None
        return proc.returncode, out, proc.stderr

    return run


ROLES = {"human": "user", "ai": "assistant", "system": "system"}


class FakeChat:
    """A scripted chat model: each stream() call replays the next reply, a few characters at a time (the part
    after Codey's prefill, when the reply starts with it). A list in the script is several candidate replies,
    for FakeModels.sample."""

    continues_prefill = True

    def __init__(self, replies, one_shot=()):
        self.replies = list(replies)
        self.one_shot, self.invoked = list(one_shot), []
        self.prompts = []
        self.temperatures = []
        self.max_tokens = []  # of each draw of candidates

    def stream(self, messages, temperature=0.0, **kwargs):
        self.prompts.append(messages)
        self.temperatures.append(temperature)
        reply = self.replies.pop(0)
        if messages[-1][0] == "assistant" and reply.startswith(messages[-1][1]):  # a prefill is continued
            reply = reply[len(messages[-1][1]):]
        for i in range(0, len(reply), 7):
            yield SimpleNamespace(content=reply[i:i + 7], response_metadata={})

    def invoke(self, messages, **kwargs):
        """A one-shot reply (the command for a look in words), from its own script; NONE (declining) when unscripted."""
        self.invoked.append(messages)
        return SimpleNamespace(content=self.one_shot.pop(0) if self.one_shot else "NONE")

    def render(self, messages):
        """Stands in for the prompt text: the messages, as (role, text) pairs again."""
        return [(ROLES[m.type], m.content) for m in messages]


class FakeModels:
    """Stands in for the lifecycle manager in graph tests: no weights, same interface."""

    def __init__(self, replies=(), one_shot=()):
        self.chat = FakeChat(replies, one_shot)
        self.resident = {}
        self.load_times = {}
        self.unloaded = []

    def get(self, role):
        self.resident[role] = self.chat
        self.load_times[role] = 0.0
        return self.chat

    def guards(self, role, prefill=""):
        return []

    def sample(self, role, prompt, n, max_tokens=None, temperature=0.0, **options):
        """The next scripted reply (a list: candidates, the first the likeliest; at most n of them), like
        Lifecycle.sample."""
        self.chat.prompts.append(prompt)
        self.chat.temperatures.append(temperature)
        self.chat.max_tokens.append(max_tokens)
        replies = self.chat.replies.pop(0)
        prefill = prompt[-1][1]
        return [SimpleNamespace(text=r[len(prefill):] if r.startswith(prefill) else r, logprob=-0.1 * i, finish="stop",
                                tokens=len(r) // 4) for i, r in enumerate(([replies] if isinstance(replies, str) else replies)[:n])]

    def spec(self, role):
        return SimpleNamespace(model=f"fake-{role}")

    def router(self):
        raise AssertionError("the router model should not be needed here")

    def idle_roles(self, older_than_s=0.0):
        return list(self.resident)

    def unload(self, role):
        self.resident.pop(role, None)
        self.unloaded.append(role)
        return 0.0


@pytest.fixture
def settings():
    """Settings as the tests use them (a 4 GB budget, two threads), with changes: settings(candidates=4)."""
    from codey.app.config import Settings

    return lambda **changes: Settings(memory_budget_mb=4000, n_threads=2, n_threads_batch=2, **changes)


@pytest.fixture
def run_graph(tmp_path, settings):
    """Run a request through the real graph with a scripted model; returns (outcome, models)."""
    from codey.app import runner
    from codey.graph.state import Context
    from codey.app.ui import UI
    from codey.search.budget import Budget

    def run(request, workspace, replies=(), yes=False, one_shot=(), reply_s=0.0, **changes):
        """reply_s: the seconds each scripted reply (or draw of candidates) takes on the budget's clock, which
        stands still otherwise: no test depends on real time."""
        models = FakeModels(replies, one_shot)
        changes.setdefault("candidates", 1)  # one scripted reply per attempt, unless a test is about candidates
        cfg = settings(**changes)
        models.settings = cfg
        budget = Budget(cfg.budget_s, clock=lambda: reply_s * len(models.chat.prompts))
        ctx = Context(workspace=str(workspace), settings=cfg, models=models, ui=UI(quiet=True), budget=budget, yes=yes)
        return runner.run(request, ctx), models

    return run
