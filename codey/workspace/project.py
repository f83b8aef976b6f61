"""The user's project as its own tools see it: which Python runs its code and which command runs its tests.

Codey's own interpreter is never the answer by default: a real project has its own `.venv`, its own dependencies,
and often a test runner Codey's environment does not have. Each choice carries the reason it was made, for
`--json` and `--debug`.
"""
from __future__ import annotations

import configparser
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

SKIP_DIRS = {".git", ".codey", ".venv", "venv", "node_modules", "__pycache__", ".tox", "site-packages"}


@dataclass
class Project:
    python: str
    python_why: str
    test_command: list[str] | str | None  # a list runs directly; a string (from config) runs through the shell
    test_why: str
    runner: str | None  # pytest, unittest, npm, go, cargo, make, config; None: no tests found
    env: dict = field(default_factory=dict, repr=False)  # the environment the project's commands run in

    def describe(self) -> dict:
        shown = self.test_command if isinstance(self.test_command, str) else " ".join(self.test_command or [])
        return {"python": self.python, "python_why": self.python_why, "test_command": shown or None,
                "test_why": self.test_why}


def find(workspace: str, settings=None) -> Project:
    python, python_why = find_python(Path(workspace), settings)
    command, runner, test_why = find_tests(Path(workspace), python, settings)
    return Project(python, python_why, command, test_why, runner, environment(python))


def find_python(root: Path, settings=None) -> tuple[str, str]:
    configured = getattr(settings, "project_python", None)
    if configured:
        path = Path(configured).expanduser()
        return str(path if path.is_absolute() else root / path), "project_python in config.json"
    active = os.environ.get("VIRTUAL_ENV")
    if active and venv_python(Path(active)) and not codeys_own(Path(active)):
        return venv_python(Path(active)), f"the active virtualenv (VIRTUAL_ENV={active})"
    for name in (".venv", "venv"):
        if found := venv_python(root / name):
            return found, f"{name}/ in the project"
    if found := managed_python(root):
        return found
    path = os.pathsep.join(d for d in os.environ.get("PATH", "").split(os.pathsep) if not codeys_own(Path(d).parent))
    system = shutil.which("python3", path=path) or shutil.which("python", path=path)
    if system:
        return system, "python3 on PATH (no virtualenv found in the project)"
    return sys.executable, "Codey's own interpreter (no python3 on PATH)"


def codeys_own(venv: Path) -> bool:
    """The virtualenv Codey itself runs in is not the project's, even when it is the active one."""
    try:
        return sys.prefix != sys.base_prefix and venv.resolve() == Path(sys.prefix).resolve()
    except OSError:
        return False


def venv_python(venv: Path) -> str | None:
    for rel in ("bin/python", "Scripts/python.exe"):
        if (venv / rel).exists():
            return str(venv / rel)
    return None


# The project's own tool knows where its environment lives; asked only when that tool is installed.
MANAGERS = (("uv.lock", "uv", ["uv", "python", "find"]),
            ("poetry.lock", "poetry", ["poetry", "env", "info", "--executable"]),
            ("pdm.lock", "pdm", ["pdm", "info", "--python"]))


def managed_python(root: Path) -> tuple[str, str] | None:
    pyproject = read(root / "pyproject.toml")
    for lock, tool, command in MANAGERS:
        if not ((root / lock).exists() or f"[tool.{tool}" in pyproject) or not shutil.which(tool):
            continue
        try:
            out = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=20).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out and Path(out.splitlines()[-1]).exists():
            return out.splitlines()[-1], f"the environment {tool} manages for this project"
    return None


def environment(python: str) -> dict:
    """Codey's environment with the project's virtualenv activated, so `pytest` or `pip` in a shell step is theirs."""
    env = dict(os.environ)
    venv = venv_of(python)
    if venv:
        env["VIRTUAL_ENV"] = str(venv)
        env["PATH"] = str(Path(python).parent) + os.pathsep + env.get("PATH", "")
        env.pop("PYTHONHOME", None)
    return env


def find_tests(root: Path, python: str, settings=None) -> tuple[list[str] | str | None, str | None, str]:
    configured = getattr(settings, "test_command", None)
    if configured:
        return configured, "config", "test_command in config.json"
    marker = pytest_config(root)
    tests = python_tests(root)
    if marker:
        return [python, "-m", "pytest"], "pytest", f"pytest configured in {marker}"
    if tests:
        if not has_module(python, "pytest") and all("unittest" in read(t) for t in tests):
            return [python, "-m", "unittest"], "unittest", "unittest tests and no pytest in the project's Python"
        return [python, "-m", "pytest"], "pytest", f"Python tests found ({tests[0].relative_to(root)})"
    package = read(root / "package.json")
    if package and "test" in (json_or_empty(package).get("scripts") or {}):
        return ["npm", "test"], "npm", "a test script in package.json"
    if (root / "go.mod").exists():
        return ["go", "test", "./..."], "go", "go.mod"
    if (root / "Cargo.toml").exists():
        return ["cargo", "test"], "cargo", "Cargo.toml"
    makefile = next((root / n for n in ("Makefile", "makefile", "GNUmakefile") if (root / n).exists()), None)
    if makefile and re.search(r"^test\s*:", read(makefile), re.M):
        return ["make", "test"], "make", f"a test target in {makefile.name}"
    return None, None, "no tests found (test_*.py, *_test.py, package.json, go.mod, Cargo.toml, Makefile)"


def pytest_config(root: Path) -> str | None:
    if (root / "pytest.ini").exists() or (root / "conftest.py").exists():
        return "pytest.ini" if (root / "pytest.ini").exists() else "conftest.py"
    if "[tool.pytest" in read(root / "pyproject.toml"):
        return "pyproject.toml"
    for name, section in (("setup.cfg", "tool:pytest"), ("tox.ini", "pytest")):
        parser = configparser.ConfigParser()
        try:
            parser.read_string(read(root / name))
        except configparser.Error:
            continue
        if parser.has_section(section):
            return name
    return None


def python_tests(root: Path, most: int = 50) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS and not d.startswith(".")]
        found += [Path(dirpath) / f for f in filenames if re.fullmatch(r"test_.*\.py|.*_test\.py", f)]
        if len(found) >= most:
            break
    return sorted(found)


def has_module(python: str, module: str) -> bool:
    try:
        return subprocess.run([python, "-c", f"import importlib.util as u, sys; sys.exit(u.find_spec('{module}') is None)"],
                              capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def read(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""


def json_or_empty(text: str) -> dict:
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def venv_of(python: str) -> Path | None:
    """The virtualenv an interpreter belongs to, if it belongs to one."""
    venv = Path(python).parent.parent
    return venv if (venv / "pyvenv.cfg").exists() else None


def where(python: str, root: str) -> str:
    """How a user would name the interpreter: `.venv` for one inside the project, else its path."""
    venv = venv_of(python)
    if not venv:
        return python
    try:
        return str(venv.relative_to(Path(root).resolve()))
    except ValueError:
        return str(venv)
