"""A look at the machine or the project asked for in words ("how big is the data folder?", "is numpy installed?"):
the coder writes the one shell command that answers it, and it runs only when every program in it only reads.

The rules cannot list every such request (the shell's long tail), and a question answered in prose ("use du -sh")
makes the user type what Codey could have run. A command that would write, delete or run code is never run: the
request is answered as a question instead. The coder, not the small router model: on the same requests the 0.5B
wrote a wrong command for about half (`find data -size +1000000000` for "how big is data?"), and these requests
loaded the coder before anyway, to be answered.
"""
from __future__ import annotations

import re
import shlex

from codey.coder.prompts import COMMAND_SHOTS, COMMAND_SYSTEM
from codey.router import rules
from codey.router.natural import PATH, QUESTION_SHAPE, tool



# Programs that only read, and for some of them the subcommands or options that keep them so.
READERS = set("ls find du df wc grep egrep fgrep rg head tail cat sort uniq cut tr file stat which whereis type tree "
              "ps pgrep ss netstat lsof free uptime uname whoami id pwd date nproc lscpu basename dirname "
              "realpath readlink md5sum sha256sum cksum diff cmp column nl echo printenv lsb_release".split())
VERSIONED = set("python python3 node npm go rustc cargo java javac gcc make cmake docker ruby perl".split())
PIP_READS = {"list", "show", "freeze", "--version", "-V"}
GIT_READS = {"status", "log", "diff", "show", "ls-files", "grep", "shortlog", "rev-parse", "rev-list", "describe", "blame",
             "--version"}
GIT_LISTS = {"branch": {"-a", "-r", "-v", "-vv", "-l", "--list", "--all", "--remotes", "--show-current", "--merged",
                        "--no-merged", "--contains", "--sort"},  # with these only, branch and tag list, never create
             "tag": {"-l", "--list", "--contains", "--sort", "-n"}, "remote": {"-v", "--verbose", "show", "get-url"}}
EXECS = {"-exec", "-execdir", "-ok", "-okdir"}  # find runs the program after them on each file
WRITES = {  # options that make a reading program write a file, set something or run another program
    "find": {"-delete", "-fprint", "-fprint0", "-fprintf", "-fls"}, "sort": {"-o", "--output"}, "tree": {"-o"},
    "date": {"-s", "--set"}, "file": {"-C", "--compile"}, "rg": {"--pre"}, "git": {"--output", "-o"},
}
OPERATORS = {"|", "&&", "||", ";"}


def programs_of(command: str) -> list[list[str]] | None:
    """The argv of each program in a pipeline or && chain; None when the shell would do more than run them."""
    command = re.sub(r"\s2>\s*/dev/null|\s2>&1", " ", command)  # error messages dropped or merged: nothing written
    if re.search(r"[<>`]|\$\(|(?<!&)&(?!&)|\n", command):
        return None  # redirections, command substitution, background jobs, several lines
    command = re.sub(r"\\;|';'|\";\"", " + ", command)  # find's -exec terminator is a word, not the shell's ;
    try:
        lexer = shlex.shlex(command, posix=True, punctuation_chars="|&;")
        lexer.whitespace_split = True
        words = list(lexer)
    except ValueError:
        return None
    argvs, current = [], []
    for word in words:
        if word in OPERATORS:
            argvs.append(current)
            current = []
        elif set(word) <= set("|&;"):
            return None
        else:
            current.append(word)
    argvs.append(current)
    return argvs if all(argvs) else None


def reads_only(argv: list[str]) -> bool:
    program, args = argv[0].rsplit("/", 1)[-1], argv[1:]
    if any(a.split("=", 1)[0] in WRITES.get(program, ()) for a in args):
        return False
    if program == "xargs":
        rest = [a for a in args if not a.startswith("-")]
        return bool(rest) and reads_only(rest)
    if program == "find" and (at := next((i for i, a in enumerate(args) if a in EXECS), None)) is not None:
        end = next((i for i in range(at + 1, len(args)) if args[i] in (";", "+")), len(args))
        return bool(args[at + 1:end]) and reads_only(args[at + 1:end]) and reads_only(["find"] + args[end + 1:])
    if program == "awk":  # its programs may run commands (system(), "cmd" | getline) or pipe to them
        return not any("system" in a or "|" in a for a in args)
    if program == "env":  # with arguments, env runs a program
        return not args
    if program == "uniq":  # `uniq in out` writes out
        return len([a for a in args if not a.startswith("-")]) <= 1
    if program in READERS:
        return True
    if program in VERSIONED:
        return args in (["--version"], ["-V"], ["version"], ["-v"])
    if program in ("pip", "pip3"):
        return bool(args) and args[0] in PIP_READS
    if program == "git" and args:
        if args[0] in GIT_LISTS:  # "git branch x" creates x: only listing options, and what --contains names
            return all(a in GIT_LISTS[args[0]] or args[i - 1] in ("--contains", "--merged", "--no-merged", "--sort")
                       for i, a in enumerate(args[1:], 1))
        return args[0] in GIT_READS
    return False


def read_only(command: str) -> bool:
    """True when every program the command runs only reads (no redirection, no deleting find, no pip install)."""
    argvs = programs_of(command)
    return bool(argvs) and all(reads_only(argv) for argv in argvs)


def command_of(reply: str) -> str | None:
    """The command in the model's reply (a bare line or one in backticks), or None when it declined."""
    lines = [l.strip().strip("`").strip() for l in reply.splitlines() if not l.strip().startswith("```")]
    lines = [l for l in lines if l]
    if not lines or lines[0].upper().startswith("NONE"):
        return None
    return lines[0].removeprefix("$ ").strip()


def translate(request: str, models) -> dict | None:
    """A shell tool decision for a request a read-only command answers, or None."""
    messages = [("system", COMMAND_SYSTEM)]
    for asked, answer in COMMAND_SHOTS:
        messages += [("user", asked), ("assistant", answer)]
    messages.append(("user", " ".join(request.split())[:300]))
    command = command_of(models.get("coder").invoke(messages).content)
    if not command or not read_only(command):
        return None
    return {**own_tool(command), "by": "coder"}


def own_tool(command: str) -> dict:
    """Codey's own tool where it does the same (`ls src` lists, `cat app.py` reads), else the command."""
    argv = programs_of(command)[0] if len(programs_of(command)) == 1 else []
    paths = [a for a in argv[1:] if not a.startswith("-")]
    if argv[:1] == ["ls"] and len(paths) <= 1:
        return tool("list_dir", path=paths[0] if paths and paths[0] != "." else None)
    if argv[:1] == ["cat"] and len(argv) == 2:
        return tool("read_file", path=argv[1])
    return tool("shell", command=command, look=True)


def worth_asking(request: str, decision: dict | None) -> bool:
    """A short, one-line request that the rules left unplaced or took for a question, that names something on the
    machine or in the files, and is not shaped as a question of understanding ("why …", "how do I …", "explain …",
    "what is a …"): long texts are tasks, and the others want an answer (asking costs the coder ~3 s)."""
    text = rules.clean(request)  # "can you summarize …" is "summarize …"
    return (decision is None or decision["route"] == "question" and not decision.get("settled")) and "\n" not in text \
        and len(text.split()) <= MAX_WORDS and not QUESTION_SHAPE.match(text) \
        and bool(PATH.search(text) or LOCAL.search(text))


MAX_WORDS = 25  # the longest look in words in the routing sets has 12
LOCAL = re.compile(  # what a look at the machine or the files names
    r"\b(files?|folders?|director(?:y|ies)|dirs?|tree|here|codebase|project|repo\w*|machine|computer|system|installed|"
    r"versions?|ports?|process(?:es)?|pids?|disk|space|memory|ram|cpus?|cores?|lines?|sizes?|bytes|biggest|largest|"
    r"smallest|(?:how|bigger|larger|smaller) (?:big|large|small|than)|how (?:big|large)|count|how many|number of|env(?:ironment)?|variables?|path|os|distro|kernel|uptime|"
    r"logs?|commits?|branch(?:es)?|hash|authors?|contributors?|packages?|symlinks?|permissions?|owner|modified|changed|"
    r"recent(?:ly)?|older|newer|duplicates?|extensions?|listening|running|free|comments?|todos?|fixmes?|readme)\b", re.I)
