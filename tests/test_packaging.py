"""The installable package declares what requirements.txt installs, so `pip install .` and the README's one-line
install from the checkout cannot drift apart."""
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile

from tests.conftest import ROOT


def requirement(line: str) -> str | None:
    """A requirements.txt line as a dependency specifier: no comment, no pip option, no environment marker."""
    line = re.sub(r"\s--\S+", "", line.split("#", 1)[0]).split(";", 1)[0]
    return re.sub(r"\s+", "", line) or None


def declared() -> list[str]:
    return [re.sub(r"\s+", "", d) for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]]


def test_pyproject_declares_exactly_what_requirements_txt_installs():
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    wanted = list(dict.fromkeys(r for r in map(requirement, lines) if r))
    assert sorted(declared(), key=str.lower) == sorted(wanted, key=str.lower)


def test_the_default_models_are_dependencies_of_the_package():
    from codey.memory import assets

    names = {d.split("==")[0].lower() for d in declared()}
    chunks = {dist.lower() for name in ("qwen2.5-coder-1.5b-instruct", "qwen2.5-coder-0.5b-instruct")
              for dist, _ in assets.CATALOG[name].chunks}
    assert chunks and chunks <= names


def test_the_wheel_holds_every_package_and_the_codey_command(tmp_path):
    source = tmp_path / "src"  # setuptools builds in the tree (build/, *.egg-info): not in the checkout
    shutil.copytree(ROOT / "codey", source / "codey", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
                   check=True, capture_output=True, cwd=tmp_path)
    wheel = next(tmp_path.glob("codey-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    packages = {p.parent.relative_to(ROOT).as_posix() for p in (ROOT / "codey").rglob("__init__.py")}
    assert {f"{p}/__init__.py" for p in packages} <= set(names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "codey = codey.app.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
