"""What runs freely and what needs the user's approval: an allowlist, never a list of dangers.

Three classes. Read: Codey's own looks and any command whose every program only reads (codey/router/command.py
says which; the user's test run counts, as it runs only their own tests). Undoable: Codey's own file tools, which
snapshot what they change for --undo. Everything else needs approval, a yes on a terminal or --yes: writes Codey
cannot undo (any program not known to only read), anything that discards uncommitted work, anything that uses the
network. The reason told with the command only says which of these it is; the class never depends on it.
"""
from __future__ import annotations

import re
import shlex

from codey.app.errors import Refused
from codey.router import command as commands
from codey.tools import registry

READ, UNDOABLE, ASK = "read", "undoable", "approval"

NETWORK = set("curl wget ssh scp sftp rsync ftp telnet nc ncat http https".split())
NETWORK_SUBS = {
    "git": {"push", "pull", "fetch", "clone", "ls-remote", "submodule"},
    "pip": {"install", "download", "wheel"}, "pip3": {"install", "download", "wheel"},
    "npm": {"install", "i", "ci", "add", "update", "publish"}, "yarn": {"add", "install", "upgrade", "publish"},
    "pnpm": {"add", "install", "update", "publish"}, "cargo": {"install", "publish", "update", "fetch"},
    "go": {"get", "install"}, "gem": {"install"}, "brew": {"install", "upgrade", "update"},
    "apt": {"install", "update", "upgrade"}, "apt-get": {"install", "update", "upgrade"},
    "docker": {"pull", "push"}, "uv": {"pip", "add", "sync"}, "poetry": {"add", "install", "update"},
}
DELETERS = set("rm rmdir shred unlink truncate".split())
GIT_DISCARDS = {"checkout", "restore", "clean", "reset", "stash", "branch", "rm"}
TRUNCATES = re.compile(r"(?<![>&\d])>(?![>&])\s*([^\s;&|]+)")
OWN = {  # why Codey's own tools that are not looks need approval
    "delete_path": "it deletes files", "git_push": "it uses the network", "git_pull": "it uses the network",
    "git_checkout": "it switches the working tree, which may discard uncommitted work",
}
SHOWN_ONLY = {"printenv", "env", "set", "export", "declare"}  # their output holds every secret in the environment


def level(name: str, args: dict) -> str:
    return classify(name, args)[0]


def classify(name: str, args: dict) -> tuple[str, str]:
    """(class, reason) of one tool call; a typed command line is classed by what it runs."""
    line = args.get("command")
    if line and name != "run_tests":
        return classify_line(line)
    if name == "git_branch" and not args.get("name"):  # lists the branches
        return READ, ""
    risk = registry.TOOLS[name].risk
    return risk, "" if risk != ASK else OWN.get(name, "it changes the git repository, which --undo cannot reverse")


def classify_line(line: str) -> tuple[str, str]:
    outside = registry.OUTSIDE.search(line.replace("://", " "))  # a URL's slashes are not a path
    if commands.read_only(line) and not outside:
        return READ, ""
    if m := TRUNCATES.search(re.sub(r"\s2>\s*/dev/null", " ", line)):
        return ASK, f"its > overwrites {m.group(1)}"
    argvs = commands.programs_of(line)
    if argvs is None:
        return ASK, "it uses the shell's redirections, substitutions or background jobs"
    writers = [argv for argv in argvs if not commands.reads_only(argv)]
    return ASK, why(writers[0]) if writers else "it names paths outside the project"


def why(argv: list[str]) -> str:
    program, args = argv[0].rsplit("/", 1)[-1], argv[1:]
    sub = next((a for a in args if not a.startswith("-")), "")
    if program in NETWORK or sub in NETWORK_SUBS.get(program, ()) or args[:3] == ["-m", "pip", "install"]:
        return "it uses the network"
    if program in DELETERS or program == "git" and sub in GIT_DISCARDS or program == "find" and "-delete" in args:
        return "it may delete files or discard uncommitted work, which --undo cannot bring back"
    if program == "git":
        return "it changes the git repository, which --undo cannot reverse"
    return f"it runs {program}, which is not known to only read, and --undo cannot reverse it"


GIT_LINES = {"git_push": "git push", "git_pull": "git pull", "git_add": "git add {path}", "git_branch": "git checkout -b {name}",
             "git_checkout": "git checkout {name}", "git_commit": "git commit -m {message}"}


def shown(name: str, args: dict) -> str:
    """The command as it will run: the typed line itself, the git command Codey's git tool runs, or Codey's file
    tool and what it acts on."""
    if args.get("command"):
        return args["command"]
    if name in GIT_LINES:
        quoted = {k: " ".join(map(shlex.quote, str(args[k]).split())) if k == "path" else shlex.quote(str(args[k]))
                  for k in ("path", "name", "message") if args.get(k)}
        line = GIT_LINES[name].format_map({"path": "-A", "message": "<written from the diff>", **quoted})
        return line + (" (staging the files Codey changed and tracked changes)" if name == "git_commit" else "")
    acted = " ".join(str(v) for k, v in args.items() if k in ("path", "dest", "name", "message"))
    return f"{name} {acted}".strip()


def unsaved(name: str, args: dict) -> bool:
    """Output shown to the user and never stored: printenv, env and their kind print the whole environment."""
    argvs = commands.programs_of(args.get("command") or "") or []
    return any(argv[0].rsplit("/", 1)[-1] in SHOWN_ONLY for argv in argvs)


def approve(ui, yes: bool, actions: list[tuple[str, str]]) -> None:
    """Ask once for the actions, (command as it will run, reason), that need approval: a yes on a terminal, or --yes.
    Refused when not given; the commands are in the message."""
    if not actions or yes:
        return
    listed = "\n".join(f"  {command}    ({reason})" for command, reason in actions)
    if ui.interactive:
        if ui.confirm(f"Codey will run:\n{listed}\nGo ahead?"):
            return
        raise Refused(f"refused: you declined:\n{listed}")
    raise Refused(f"refused: these need approval, a yes on a terminal or --yes; not run:\n{listed}")
