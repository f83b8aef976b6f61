"""The canonical tools: what each one calls, which arguments it takes, and its class in the permission model
(codey/tools/permissions.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Literal

from codey.tools import fs, git, shell, testing

Risk = Literal["read", "undoable", "approval"]


@dataclass(frozen=True)
class Tool:
    fn: Callable[..., dict]
    risk: Risk
    args: tuple[str, ...] = ()
    in_project: bool = False  # runs the project's commands: takes its interpreter and environment


TOOLS: dict[str, Tool] = {
    "git_status": Tool(git.git_status, "read"),
    "git_log": Tool(git.git_log, "read", ("n", "path")),
    "git_diff": Tool(git.git_diff, "read", ("path", "staged")),
    "git_show": Tool(git.git_show, "read", ("name",)),
    "git_add": Tool(git.git_add, "approval", ("path",)),
    "git_commit": Tool(git.git_commit, "approval", ("message", "files")),
    "git_pull": Tool(git.git_pull, "approval"),
    "git_push": Tool(git.git_push, "approval"),
    "git_branch": Tool(git.git_branch, "approval", ("name",)),
    "git_checkout": Tool(git.git_checkout, "approval", ("name",)),
    "mkdir": Tool(fs.mkdir, "undoable", ("path",)),
    "read_file": Tool(fs.read_file, "read", ("path",)),
    "list_dir": Tool(fs.list_dir, "read", ("path",)),
    "write_file": Tool(fs.write_file, "undoable", ("path", "content")),
    "delete_path": Tool(fs.delete_path, "approval", ("path",)),
    "move_path": Tool(fs.move_path, "undoable", ("path", "dest")),
    "copy_path": Tool(fs.copy_path, "undoable", ("path", "dest")),
    "run_tests": Tool(testing.tool, "read", ("timeout",), in_project=True),
    "shell": Tool(shell.shell, "approval", ("command", "timeout", "look"), in_project=True),
}

OUTSIDE = re.compile(r"(^|[\s=:'\"])(/|~|\.\./)")


def runs(name: str, args: dict) -> str:
    """The tool that runs: a command line the user typed runs as typed, whichever operation it is."""
    return "shell" if args.get("command") and name not in ("shell", "run_tests") else name


def call(name: str, workspace: str, args: dict, timeouts: dict, project=None) -> dict:
    name = runs(name, args)
    tool = TOOLS[name]
    kwargs = {k: v for k, v in args.items() if k in tool.args and v is not None}
    if tool.in_project and project is not None:
        kwargs["project"] = project
    if "timeout" in tool.args:
        kwargs.setdefault("timeout", timeouts.get(name, 120))
    return tool.fn(workspace, **kwargs)
