"""Git tools through GitPython, with plain-language errors instead of tracebacks."""
from __future__ import annotations

from codey.app.errors import TaskFailed
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


def stage(workspace: str, files: list[str] | None = None) -> list[str]:
    """Stage what a commit takes: modifications of tracked files, and the files named (the ones Codey changed in
    this run, or the user's). Never every untracked file: an untracked .env stays out of the history."""
    repo = open_repo(workspace)
    _run(repo.git.add, "--update")
    named = [rel(workspace, resolve(workspace, f)) for f in files or [] if not f.endswith("/")]
    named = [p for p in named if resolve(workspace, p).exists() or _run(repo.git.ls_files, "--", p)]
    named = [p for p in named if p not in set(repo.ignored(*named))] if named else []
    if named:
        _run(repo.git.add, "--all", "--", *named)
    return _run(repo.git.diff, "--cached", "--name-only").splitlines()


def git_commit(workspace: str, message: str | None = None, files: list[str] | None = None) -> dict:
    repo = open_repo(workspace)
    if not message:
        raise TaskFailed("a commit needs a message, e.g.: commit with message 'fix parser'")
    stage(workspace, files)
    if repo.head.is_valid() and not repo.index.diff("HEAD"):
        if repo.head.commit.message.strip() == message.strip():  # a resumed step whose commit already landed
            return {"output": f"already committed as [{repo.head.commit.hexsha[:7]}] {message}", "commit": repo.head.commit.hexsha}
        raise TaskFailed("nothing to commit (only files Codey changed, files you name and changes to tracked files "
                         "are committed; stage others with: git add PATH)")
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


def upstream(repo):
    """The current branch's upstream (remote, branch): where a plain `git push` and `git pull` go."""
    if repo.head.is_detached:
        raise TaskFailed("HEAD is detached; check out a branch first")
    if not repo.remotes:
        raise TaskFailed("this repository has no remote (add one with: git remote add origin URL)")
    branch = repo.active_branch
    tracking = branch.tracking_branch()
    if tracking is None:
        raise TaskFailed(f"branch {branch.name} has no upstream; set one with: "
                         f"git push --set-upstream {repo.remotes[0].name} {branch.name}")
    return tracking.remote_name, tracking.remote_head


def git_pull(workspace: str) -> dict:
    repo = open_repo(workspace)
    remote, branch = upstream(repo)
    before = repo.head.commit.hexsha if repo.head.is_valid() else None
    out = _run(repo.git.pull, remote, branch)
    after = repo.head.commit.hexsha if repo.head.is_valid() else None
    return {"output": out or "up to date", "updated": before != after}


def git_push(workspace: str) -> dict:
    repo = open_repo(workspace)
    remote, branch = upstream(repo)
    _run(repo.git.push, remote, f"HEAD:{branch}")
    return {"output": f"pushed {repo.active_branch.name} to {remote}/{branch}", "commit": repo.head.commit.hexsha}
