"""Codey in a user's project with its own .venv (real `python -m venv`, real pip), while Codey itself runs in an
environment that has no pytest: tests, verify and plans must use the project's interpreter, never Codey's."""
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SLOW_MACHINE_BUDGET_S


def sh(cwd, *args, **kw):
    return subprocess.run(list(args), cwd=cwd, check=True, capture_output=True, text=True, **kw).stdout.strip()


@pytest.fixture(scope="session")
def user_venv(tmp_path_factory):
    """The project's virtualenv: pytest and `greetlib`, a package installed from a local directory."""
    root = tmp_path_factory.mktemp("user")
    pkg = root / "greetlib"
    (pkg / "greetlib").mkdir(parents=True)
    (pkg / "greetlib" / "__init__.py").write_text("def greet(name):\n    return f'Hello, {name}!'\n")
    (pkg / "pyproject.toml").write_text('[build-system]\nrequires = ["setuptools>=61"]\n'
                                        'build-backend = "setuptools.build_meta"\n\n'
                                        '[project]\nname = "greetlib"\nversion = "0.1"\n')
    venv = root / "venv"
    sh(root, sys.executable, "-m", "venv", str(venv))
    sh(root, str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "pytest", str(pkg), timeout=600)
    return venv


@pytest.fixture(scope="session")
def codey_python(tmp_path_factory):
    """An interpreter for Codey with everything it needs but pytest: a .pth file hides pytest at startup."""
    venv = tmp_path_factory.mktemp("codey") / "env"
    sh(venv.parent, sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv))
    python = venv / "bin" / "python"
    site = sh(venv, str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    os.makedirs(site, exist_ok=True)
    with open(os.path.join(site, "zz_no_pytest.pth"), "w") as f:
        f.write("import sys; sys.modules['pytest'] = None\n")
    assert subprocess.run([str(python), "-c", "import pytest"], capture_output=True).returncode != 0
    assert subprocess.run([str(python), "-c", "import codey.app.cli"], cwd=ROOT, capture_output=True).returncode == 0
    return python


@pytest.fixture
def project(workspace, user_venv):
    os.symlink(user_venv, workspace / ".venv")
    (workspace / ".gitignore").write_text(".venv\n.codey/\n")
    (workspace / "test_greeting.py").write_text("from greetlib import greet\n\n"
                                                "def test_greet():\n    assert greet('Ada') == 'Hello, Ada!'\n")
    sh(workspace, "git", "add", "-A")
    sh(workspace, "git", "commit", "-qm", "a project with its own venv")
    return workspace


@pytest.fixture
def codey(codey_python, config_path):
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}

    def run(request, workspace, *options):
        proc = subprocess.run([str(codey_python), str(ROOT / "run.py"), "--json", "--config", str(config_path),
                               "--budget", str(SLOW_MACHINE_BUDGET_S), "-C", str(workspace), *options, request],
                              capture_output=True, text=True, env=env,
                              timeout=600)
        return proc.returncode, json.loads(proc.stdout.strip().splitlines()[-1]), proc.stderr

    return run


def test_run_tests_uses_the_projects_venv(codey, project):
    code, out, err = codey("run tests", project)
    assert code == 0 and out["status"] == "done", err
    assert "1 passed" in out["tasks"][0]["output"]
    assert out["project"]["python"] == str(project / ".venv" / "bin" / "python")
    assert out["project"]["python_why"] == ".venv/ in the project"


@pytest.mark.parametrize("passing", [True, False])
def test_seed_plan_pushes_only_when_the_projects_tests_pass(codey, project, tmp_path, passing):
    remote = tmp_path / "remote.git"
    sh(tmp_path, "git", "init", "-q", "--bare", "-b", "main", str(remote))
    sh(project, "git", "remote", "add", "origin", str(remote))
    sh(project, "git", "push", "-q", "-u", "origin", "main")
    if not passing:
        (project / "test_greeting.py").write_text("from greetlib import greet\n\n"
                                                  "def test_greet():\n    assert greet('Ada') == 'Hi'\n")
    sh(project, "git", "commit", "-qam", "change the test", "--allow-empty")
    code, out, err = codey("1. git pull 2. run tests 3. if pass, git push", project, "--yes")  # pull, push: network
    pushed = sh(remote, "git", "rev-parse", "main") == sh(project, "git", "rev-parse", "HEAD")
    assert [t["status"] for t in out["tasks"]] == (["done"] * 3 if passing else ["done", "failed", "skipped"]), err
    assert pushed == passing and code == (0 if passing else 1)


def test_code_importing_the_projects_package_is_verified_in_its_venv(run_graph, project):
    reply = ("shout.py\n```python\nfrom greetlib import greet\n\n\ndef shout(name):\n"
             '    """shout("Bo") ==> \'HELLO, BO!\'"""\n    return greet(name).upper()\n```\n')
    outcome, _ = run_graph("create shout.py with shout(name) using greetlib", project, [reply])
    state = outcome["state"]
    assert state["status"] == "done", state.get("error")
    assert state["verify"]["examples"] == ["shout.py"] and state["verify"]["tests"] == "passed"
    assert state["verify"]["project"]["python"].endswith(".venv/bin/python")
