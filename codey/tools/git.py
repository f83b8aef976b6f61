"""Git tools through GitPython, with plain-language errors instead of tracebacks."""
from __future__ import annotations

from codey.errors import TaskFailed
from codey.tools.fs import rel, resolve


def open_repo(workspace: str):
    import git

    try:
        return git.Repo(workspace, search_parent_directories=False)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise TaskFailed(f"{workspace} is not a git repository (run: git init)")


def _run(fn, *args, **kwargs) -> str:
    import git

    try:
        return fn(*args, **kwargs)
    except git.GitCommandError as e:
        detail = (e.stderr or e.stdout or str(e)).strip().replace("stderr: ", "").strip("' \n")
        raise TaskFailed(f"git {e.command[1] if len(e.command) > 1 else ''} failed: {detail.splitlines()[-1] if detail else e.status}")


def _paths(workspace: str, path: str | None) -> list[str]:
    return [rel(workspace, resolve(workspace, p)) for p in (path or "").split()] if path else []


def git_status(workspace: str) -> dict:
    repo = open_repo(workspace)
    branch = "(detached HEAD)" if repo.head.is_detached else repo.active_branch.name
    out = _run(repo.git.status, "--short", "--branch")
    clean = len(out.splitlines()) <= 1  # only the "## branch" line: nothing staged, changed or untracked
    return {"output": out + ("\nworking tree clean" if clean else ""), "branch": branch, "clean": clean}


def git_log(workspace: str, n: int = 10, path: str | None = None) -> dict:
    repo = open_repo(workspace)
    if not repo.head.is_valid():
        return {"output": "no commits yet"}
    return {"output": _run(repo.git.log, f"-n{int(n)}", "--oneline", "--decorate", "--", *_paths(workspace, path))}


def git_diff(workspace: str, path: str | None = None, staged: bool = False) -> dict:
    repo = open_repo(workspace)
    args = ["--cached"] if staged else []
    out = _run(repo.git.diff, *args, "--", *_paths(workspace, path))
    return {"output": out or "no changes" + (" staged" if staged else "")}


def git_show(workspace: str, name: str = "HEAD") -> dict:
    repo = open_repo(workspace)
    return {"output": _run(repo.git.show, "--stat", "--patch", name or "HEAD")}


def git_add(workspace: str, path: str | None = None) -> dict:
    repo = open_repo(workspace)
    paths = _paths(workspace, path) or ["-A"]
    _run(repo.git.add, *paths)
    staged = _run(repo.git.diff, "--cached", "--name-only").splitlines()
    return {"output": f"staged {len(staged)} file(s)" + ("".join(f"\n  {p}" for p in staged))}


def git_commit(workspace: str, message: str | None = None, all: bool = True) -> dict:
    repo = open_repo(workspace)
    if not message:
        raise TaskFailed("a commit needs a message, e.g.: commit with message 'fix parser'")
    if all:
        _run(repo.git.add, "-A")
    if repo.head.is_valid() and not repo.index.diff("HEAD"):
        if repo.head.commit.message.strip() == message.strip():  # a resumed step whose commit already landed
            return {"output": f"already committed as [{repo.head.commit.hexsha[:7]}] {message}", "commit": repo.head.commit.hexsha}
        raise TaskFailed("nothing to commit, working tree clean")
    if not repo.head.is_valid() and not list(repo.index.entries):
        raise TaskFailed("nothing to commit")
    _run(repo.git.commit, "-m", message)
    sha = repo.head.commit.hexsha
    return {"output": f"[{sha[:7]}] {message}", "commit": sha,
            "files_changed": sorted(repo.head.commit.stats.files)}


def git_branch(workspace: str, name: str | None = None) -> dict:
    repo = open_repo(workspace)
    if not name:
        return {"output": _run(repo.git.branch, "--list")}
    _run(repo.git.checkout, "-b", name)
    return {"output": f"created and switched to branch {name}"}


def git_checkout(workspace: str, name: str) -> dict:
    repo = open_repo(workspace)
    if not name:
        raise TaskFailed("which branch? e.g.: checkout main")
    _run(repo.git.checkout, name)
    return {"output": f"switched to {name}"}


def _remote(repo):
    if not repo.remotes:
        raise TaskFailed("this repository has no remote (add one with: git remote add origin URL)")
    if repo.head.is_detached:
        raise TaskFailed("HEAD is detached; check out a branch first")
    return repo.remotes[0].name, repo.active_branch.name


def git_pull(workspace: str) -> dict:
    repo = open_repo(workspace)
    remote, branch = _remote(repo)
    before = repo.head.commit.hexsha if repo.head.is_valid() else None
    out = _run(repo.git.pull, remote, branch)
    after = repo.head.commit.hexsha if repo.head.is_valid() else None
    return {"output": out or "up to date", "updated": before != after}


def git_push(workspace: str) -> dict:
    repo = open_repo(workspace)
    remote, branch = _remote(repo)
    _run(repo.git.push, "-u", remote, branch)
    return {"output": f"pushed {branch} to {remote}", "commit": repo.head.commit.hexsha}
