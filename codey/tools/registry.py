"""The canonical tools: what each one calls, which arguments it takes, and how risky it is."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Literal

from codey.tools import fs, git, shell, testing

Risk = Literal["read", "write", "destructive"]


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
    "git_add": Tool(git.git_add, "write", ("path",)),
    "git_commit": Tool(git.git_commit, "write", ("message",)),
    "git_pull": Tool(git.git_pull, "write"),
    "git_push": Tool(git.git_push, "write"),
    "git_branch": Tool(git.git_branch, "write", ("name",)),
    "git_checkout": Tool(git.git_checkout, "write", ("name",)),
    "mkdir": Tool(fs.mkdir, "write", ("path",)),
    "read_file": Tool(fs.read_file, "read", ("path",)),
    "list_dir": Tool(fs.list_dir, "read", ("path",)),
    "write_file": Tool(fs.write_file, "write", ("path", "content")),
    "delete_path": Tool(fs.delete_path, "destructive", ("path",)),
    "move_path": Tool(fs.move_path, "write", ("path", "dest")),
    "copy_path": Tool(fs.copy_path, "write", ("path", "dest")),
    "run_tests": Tool(testing.tool, "read", ("timeout",), in_project=True),
    "shell": Tool(shell.shell, "write", ("command", "timeout", "look"), in_project=True),
}

_DESTRUCTIVE_SHELL = re.compile(
    r"\brm\s+(-\w*[rf]|--recursive|--force)|\bgit\s+(reset\s+--hard|clean\s+-\w*f|push\s+.*(--force|-f\b)|checkout\s+--\s|branch\s+-D)"
    r"|\b(mkfs|dd|shred|sudo|chmod\s+-R|chown\s+-R)\b|>\s*/dev/|\bfind\b.*-delete"
)
OUTSIDE = re.compile(r"(^|[\s=:'\"])(/|~|\.\./)")


def risk(name: str, args: dict) -> Risk:
    """The risk class of one call; shell commands are classed by what they say."""
    if name == "shell":
        command = args.get("command") or ""
        if _DESTRUCTIVE_SHELL.search(command) or OUTSIDE.search(command):
            return "destructive"
    return TOOLS[name].risk


def call(name: str, workspace: str, args: dict, timeouts: dict, project=None) -> dict:
    tool = TOOLS[name]
    kwargs = {k: v for k, v in args.items() if k in tool.args and v is not None}
    if tool.in_project and project is not None:
        kwargs["project"] = project
    if "timeout" in tool.args:
        kwargs.setdefault("timeout", timeouts.get(name, 120))
    return tool.fn(workspace, **kwargs)
