"""The deterministic fast path: shell syntax, exact git/file commands and plan shapes, decided in microseconds.

Anything these rules are not sure about returns None and goes to the router model.
"""
from __future__ import annotations

import re
import shlex

POLITE = re.compile(
    r"^(?:(?:hey|hi|ok|okay|so|now|codey)[,!]?\s+)*(?:(?:please|pls|kindly|could you|can you|would you|will you|"
    r"i want you to|i'd like you to|i would like you to|go ahead and|just)\s+)+|(?:[,\s]+(?:please|for me|thanks|thank you|now))+[.!?]*$",
    re.I,
)
VERBS = (
    "create make write add run commit push pull fix refactor delete remove switch checkout format test build install "
    "implement update generate rename move copy read show list stage open deploy lint init set put append execute "
    "start then finally check verify merge rebase tag bump document explain"
).split()
PATH = r"""(?P<path>[\w.~/-]*[\w/-]+\.[\w-]+|[\w.~-]*/[\w.~/-]*|\.[\w.-]+)"""
QUOTED = re.compile(r"""["“'‘`](.+?)["”'’`]""")
GIT_SUBS = {
    "status": "git_status", "log": "git_log", "diff": "git_diff", "show": "git_show", "add": "git_add",
    "commit": "git_commit", "pull": "git_pull", "push": "git_push", "branch": "git_branch",
    "checkout": "git_checkout", "switch": "git_checkout",
}


def tool(tool_name: str, **args) -> dict:
    return {"route": "tool", "tool": tool_name, "args": {k: v for k, v in args.items() if v}, "by": "rule"}


def clean(request: str) -> str:
    text = " ".join(request.split())
    for _ in range(2):
        text = POLITE.sub("", text).strip()
    return text


def split_steps(text: str) -> list[str]:
    """Split 'a, then b', '1. a 2. b', 'a; b', 'a and then b', 'a, b, and c' into clauses; one clause means no plan."""
    numbered = re.split(r"(?:^|\s)\d+[.)]\s+", " " + text)
    if len([p for p in numbered if p.strip()]) >= 2:
        return [p.strip(" ,;.") for p in numbered if p.strip(" ,;.")]
    parts = re.split(r"\s*(?:;|,?\s+(?:and\s+then|then|after\s+that|afterwards|finally)\s+|,\s*then\s+)\s*", text, flags=re.I)
    steps: list[str] = []
    for part in parts:
        steps.extend(_split_verbs(part))
    return [s.strip(" ,.") for s in steps if s.strip(" ,.")]


def _split_verbs(part: str) -> list[str]:
    """Split on ', ' and ' and ' only where the next clause starts with a verb and the previous has an object."""
    pieces = re.split(r",\s*(?:and\s+)?|\s+and\s+", part)
    out: list[str] = []
    for piece in pieces:
        first = piece.split()[0].lower() if piece.split() else ""
        if out and _is_clause(piece) and len(out[-1].split()) >= 2:
            out.append(piece)
        elif out:
            out[-1] = out[-1] + (", " if "," in part else " and ") + piece
        else:
            out.append(piece)
    return out


OBJECT_START = set("the a an it them this that these those all my our its some any everything to with in on for".split())


def _is_clause(piece: str) -> bool:
    """'commit', 'add a TODO file', 'run them': a verb, alone or followed by an object; not 'lint targets'."""
    words = piece.lower().split()
    if not words or words[0] not in VERBS:
        return False
    return len(words) == 1 or words[1] in OBJECT_START or bool(re.match(r"[\w-]*[./]", words[1]))


def shell_syntax(text: str) -> dict | None:
    """Commands typed as a shell would take them."""
    try:
        argv = shlex.split(text)
    except ValueError:
        return None
    if not argv:
        return None
    cmd, rest = argv[0].lower(), argv[1:]
    paths = [a for a in rest if not a.startswith("-")]
    first = paths[0] if paths else None
    if cmd == "git" and rest:
        sub = GIT_SUBS.get(rest[0].lower())
        if not sub:
            return tool("shell", command=text)
        opts = rest[1:]
        if sub == "git_commit":
            msg = next((opts[i + 1] for i, a in enumerate(opts[:-1]) if a in ("-m", "-am", "--message")), None)
            return tool(sub, message=msg)
        if sub == "git_log":
            n = next((int(a[1:]) for a in opts if re.fullmatch(r"-\d+", a)), None)
            return tool(sub, n=n, path=next((a for a in opts if not a.startswith("-")), None))
        if sub in ("git_branch", "git_checkout"):
            if sub == "git_checkout" and {"-b", "-c"} & set(opts):
                sub = "git_branch"
            return tool(sub, name=next((a for a in opts if not a.startswith("-")), None))
        if sub in ("git_pull", "git_push"):
            return tool(sub) if not {"-f", "--force"} & set(opts) else tool("shell", command=text)
        arg = next((a for a in opts if not a.startswith("-")), None)
        return tool(sub, **({"name": arg} if sub == "git_show" else {"path": arg}))
    if cmd == "mkdir" and first:
        return tool("mkdir", path=first)
    if cmd in ("ls", "dir", "tree"):
        return tool("list_dir", path=first)
    if cmd in ("cat", "less", "more", "head", "tail", "bat") and first:
        return tool("read_file", path=first)
    if cmd == "touch" and first:
        return tool("write_file", path=first)
    if cmd in ("rm", "rmdir", "del") and first:
        return tool("delete_path", path=first)
    if cmd in ("mv", "cp") and len(paths) == 2:
        return tool("move_path" if cmd == "mv" else "copy_path", path=paths[0], dest=paths[1])
    if cmd == "pytest" or (cmd.startswith("python") and rest[:2] == ["-m", "pytest"]):
        return tool("run_tests", command=text)
    if cmd in ("make", "npm", "yarn", "pip", "pip3", "cargo", "go", "docker", "bash", "sh", "./configure", "echo",
               "grep", "rg", "find", "wc", "tox", "black", "ruff", "flake8", "mypy", "node", "python", "python3"):
        return tool("shell", command=text)
    return None


def _path_in(text: str) -> str | None:
    m = re.search(rf"(?<![\w/]){PATH}", text)
    return m.group("path").rstrip(".,") if m else None


def _quoted(text: str) -> str | None:
    m = QUOTED.search(text)
    return m.group(1) if m else None


def _named(text: str) -> str | None:
    """The object of 'called X' / 'named X' / a quoted name / a path."""
    if q := _quoted(text):
        return q
    m = re.search(r"\b(?:called|named|name)\s+([\w./~-]+)", text, re.I)
    return m.group(1) if m else _path_in(text)


def natural(text: str) -> dict | None:
    """Tool requests in plain words: only the unambiguous shapes."""
    t = text.lower().rstrip(" ?!.")
    bare = QUOTED.sub("''", t)  # the words outside quotes
    words = t.split()
    if not words:
        return None
    if re.fullmatch(r"((show|check|display|print|get|view|give|what'?s|what is)( me)?( the| my)?( current)? )?"
                    r"(git |repo |repository |working tree |project )?status( of (the|this|my) (repo(sitory)?|project))?", t):
        return tool("git_status")
    if re.search(r"\b(working (tree|copy|directory)|repo(sitory)?) (is )?(clean|dirty)\b|\buncommitted changes\b", t):
        return tool("git_status")
    if re.search(r"\b(unstaged|staged) changes\b|^(show |what are )?(the |my )?(current )?(changes|diff)$", t):
        return tool("git_diff", staged="unstaged" not in t and "staged" in t or None)
    if m := re.match(r"^(show )?(the )?diff (of|for|in) (.+)$", t):
        return tool("git_diff", path=_path_in(text) or m.group(4))
    if re.search(r"\b(commit )?(history|log)\b", t) and re.match(r"^(show|view|see|display|print|list|git|commit|the|my)\b|^(log|history)$", t) \
            and not re.search(r"\b(add|write|create|implement|fix)\b", t):
        n = re.search(r"\b(?:last|latest|recent)\s+(\d+)", t)
        return tool("git_log", n=int(n.group(1)) if n else None)
    if re.search(r"\bcommit\b", bare) and not re.search(r"\b(write|add|create|fix|implement|refactor)\b", bare):
        return tool("git_commit", message=_quoted(text))
    if re.fullmatch(r"(git )?push( (it|changes|my changes|commits))?( to (origin|the remote|remote|github|upstream)( \w+)?)?", t):
        return tool("git_push")
    if re.fullmatch(r"(git )?pull( (changes|the latest( changes)?|latest))?( from (origin|the remote|remote|upstream)( \w+)?)?", t):
        return tool("git_pull")
    if m := re.match(r"^(?:create |make |start |open )?(?:a )?new branch (?:called |named )?([\w./-]+)$|^(?:create|make) (?:a )?branch (?:called |named )?([\w./-]+)$", t):
        return tool("git_branch", name=m.group(1) or m.group(2))
    if m := re.match(r"^(?:checkout|switch to|check out|go to) (?:the )?(?:branch )?([\w./-]+)(?: branch)?$", t):
        return tool("git_checkout", name=m.group(1))
    if re.match(r"^(create|make|add|new)\b.*\b(directory|folder|dir)\b", t) and len(words) <= 8:
        return tool("mkdir", path=_named(text))
    if m := re.match(r"^(?:read|open|view|display|print|show|cat)(?: me)?(?: the)?(?: contents? of| file)?(?: the)?(?: file)? (\S+)$", text, re.I):
        return tool("read_file", path=m.group(1).strip("'\"`"))
    if re.fullmatch(r"(list|show)( all| the)?( files?| contents?)?( in| of)?( the)?( current| this)?( dir(ectory)?| folder| workspace| project)?", t) \
            or re.fullmatch(r"what files are (there|here)", t):
        return tool("list_dir")
    if m := re.match(r"^(?:list|show)(?: the)?(?: files| contents)?(?: in| of)(?: the)? (\S+?)(?: (?:folder|directory|dir))?$", t):
        return tool("list_dir", path=m.group(1))
    if m := re.match(r"^(?:delete|remove|rm|erase)(?: the)?(?: (?:file|folder|directory|dir))? (\S+)(?: (?:file|folder|directory|dir))?$", text, re.I):
        return tool("delete_path", path=m.group(1).strip("'\"`"))
    if m := re.match(r"^(?:move|rename) (\S+) (?:to|as|into) (\S+)$", text, re.I):
        return tool("move_path", path=m.group(1), dest=m.group(2))
    if m := re.match(r"^(?:copy|duplicate) (\S+) (?:to|as|into) (\S+)$", text, re.I):
        return tool("copy_path", path=m.group(1), dest=m.group(2))
    if m := re.match(r"^(?:create|make|add)(?: an?)? (?:new )?empty file (?:called |named )?(\S+)$", text, re.I):
        return tool("write_file", path=m.group(1))
    if re.fullmatch(r"(run|execute|start)( all| the)?( unit)? (tests?|test suite|pytest|specs)", t):
        return tool("run_tests")
    if m := re.match(r"^(?:run|execute) (?:the command )?[`'\"]?(.+?)[`'\"]?$", text, re.I):
        if shell_syntax(m.group(1)) and m.group(1).split()[0].lower() not in ("the", "a", "my"):
            return tool("shell", command=m.group(1))
    return None


QUESTION = re.compile(
    r"^(what|what's|whats|why|how|where|which|who|whom|when|explain|describe|tell me|is|are|was|were|does|do|did|"
    r"can|could|should|would|will|am|has|have|hello|hi|hey|thanks|thank you|good (morning|afternoon|evening))\b", re.I)
CODE = re.compile(
    r"^(write|implement|fix|refactor|add|create|port|convert|rewrite|optimi[sz]e|remove|rename|update|generate|make|"
    r"change|modify|extend|replace|translate|clean up|simplify|improve|handle|support|document|annotate|debug|"
    r"migrate|split|extract|inline|delete|build|code|program|scaffold|insert|edit|set up|setup)\b", re.I)


def gibberish(text: str) -> bool:
    letters = [c for c in text.lower() if c.isalpha()]
    if not letters:
        return not any(c.isdigit() for c in text)
    if not any(c.isascii() for c in letters):
        return False  # another script: let the model judge
    words = re.findall(r"[a-z]+", text.lower())
    return all(not re.search(r"[aeiouy]", w) or re.fullmatch(r"(.)\1{2,}", w) for w in words)


def intent(text: str) -> dict | None:
    """Question or code, from the shape of an English sentence; None when the shape says nothing."""
    if CODE.match(text) and not text.rstrip().endswith("?"):
        return {"route": "code", "by": "rule"}
    if QUESTION.match(text):
        return {"route": "question", "by": "rule"}
    return None


def guess_tool(request: str) -> dict:
    """Tool and arguments for a request a model called a tool command (best effort, may stay empty)."""
    found = shell_syntax(clean(request)) or natural(clean(request)) or {}
    return {"tool": found.get("tool"), "args": found.get("args", {})}


def match(request: str, allow_plan: bool = True) -> dict | None:
    text = clean(request)
    if not text:
        return {"route": "error", "reason": "empty request", "by": "rule"}
    if gibberish(text):
        return {"route": "error", "reason": f"cannot make sense of {text[:40]!r}", "by": "rule"}
    if allow_plan and len(split_steps(text)) >= 2:
        return {"route": "plan", "by": "rule"}
    return shell_syntax(text) or natural(text) or intent(text)
