"""The deterministic fast path: shell syntax, exact git/file commands and plan shapes, decided in microseconds.

Anything these rules are not sure about returns None and goes to the router model.
"""
from __future__ import annotations

import re
import shlex

from codey.plan import steps
from codey.router import mood, natural, pasted, programs
from codey.router.mood import clean
from codey.router.natural import tool

GIT_SUBS = {
    "status": "git_status", "log": "git_log", "diff": "git_diff", "show": "git_show", "add": "git_add",
    "commit": "git_commit", "pull": "git_pull", "push": "git_push", "branch": "git_branch",
    "checkout": "git_checkout", "switch": "git_checkout",
}


ENGLISH_WORDS = {"make", "find", "grep", "echo", "go", "tree", "more", "head", "tail", "less", "dir", "touch", "cat", "bash", "node"}
STOPWORDS = set("a an the to of that called named with for in on my me it this all some".split())
# Git subcommands whose Codey tool does exactly what the bare command does
BARE_GIT = {"status", "diff", "show", "push", "pull", "branch"}


def typed(operation: str, line: str, **shown) -> dict:
    """A command line the user typed: it runs as typed (args["command"]); operation says which it is, and the
    shown arguments what it acts on. Codey's own tool runs only for a line that is exactly its operation."""
    return tool(operation, command=line, **shown)


def shell_syntax(text: str) -> dict | None:
    """Commands typed as a shell would take them. A pipe or && joins commands only after a program: a pasted task's
    markdown table ("Implement … | n | result |") holds pipes too."""
    if re.search(r"&&|\|\||(?<!\|)\|(?!\|)", text) and programs.runnable(text.split()[0]):
        return tool("shell", command=text)
    try:
        argv = shlex.split(text)
    except ValueError:
        return None
    if not argv:
        return None
    cmd, rest = argv[0].lower(), argv[1:]
    paths = [a for a in rest if not a.startswith("-")]
    flags = [a for a in rest if a.startswith("-")]
    first = paths[0] if paths else None
    if cmd == "git" and rest:
        return git_line(text, rest)
    if cmd == "mkdir" and first:  # Codey's mkdir makes parents, as mkdir -p does
        return tool("mkdir", path=" ".join(paths)) if set(flags) <= {"-p", "--parents"} else typed("mkdir", text, path=first)
    if cmd in ("ls", "dir", "tree"):
        return tool("list_dir", path=first) if cmd != "tree" and not flags and len(paths) <= 1 else typed("list_dir", text, path=first)
    if cmd in ("cat", "less", "more", "head", "tail", "bat") and first:  # with options, the command's own output
        return tool("read_file", path=first) if cmd == "cat" and rest == [first] else tool("shell", command=text)
    if cmd == "touch" and first:
        return tool("write_file", path=first) if rest == [first] else typed("write_file", text, path=first)
    if cmd in ("rm", "rmdir", "del") and first:
        return tool("delete_path", path=first) if cmd != "rmdir" and rest == [first] else typed("delete_path", text, path=first)
    if cmd in ("mv", "cp") and len(paths) == 2:
        name = "move_path" if cmd == "mv" else "copy_path"
        return tool(name, path=paths[0], dest=paths[1]) if not flags else typed(name, text, path=paths[0], dest=paths[1])
    if cmd == "pytest" or (cmd.startswith("python") and rest[:2] == ["-m", "pytest"]):
        # run_tests runs the whole suite its own way; options or a test file make it the user's own command
        return tool("shell", command=text) if rest[2 if cmd != "pytest" else 0:] else tool("run_tests")
    redirects = any(a in (">", ">>", "<", "|", "2>&1") for a in rest)
    if cmd in ENGLISH_WORDS and not redirects and (len(rest) > 3 or any(w.lower() in STOPWORDS for w in rest)):
        return None  # "make a folder called docs" is English, not make(1)
    if cmd in programs.TABLE:
        return tool("shell", command=text)
    return None


def git_line(text: str, rest: list[str]) -> dict:
    """A typed git command: Codey's git tool for a bare subcommand it does exactly, else the line as typed (a typo in
    the subcommand corrected: "git chekout main" runs `git checkout main`)."""
    word = natural.closest(rest[0].lower(), GIT_SUBS) or rest[0]
    line = text.replace(rest[0], word, 1) if word != rest[0] else text
    name, opts = GIT_SUBS.get(word), rest[1:]
    if not name:
        return tool("shell", command=line)
    if not opts and word in BARE_GIT:
        return tool(name)
    named = next((a for a in opts if not a.startswith("-")), None)
    if name == "git_commit" and not any(re.fullmatch(r"-\w*[mFC]|--(message|file|reuse-message|no-edit|fixup)(=.*)?", a)
                                        for a in opts):
        return {"route": "error", "by": "rule", "refused": True,
                "reason": f"`{line}` opens an editor for the message, which Codey cannot show: give it with -m, or "
                          "ask to commit in words and Codey writes one"}
    if name == "git_commit":
        return typed(name, line, message=next((opts[i + 1] for i, a in enumerate(opts[:-1]) if a in ("-m", "-am", "--message")), None))
    if name == "git_checkout" and {"-b", "-c"} & set(opts):
        name = "git_branch"
    shown = {"git_show": "name", "git_branch": "name", "git_checkout": "name", "git_add": "path", "git_diff": "path"}
    return typed(name, line, **({shown[name]: named} if name in shown else {}))


QUESTION = re.compile(
    r"^(what|what's|whats|why|how|where|which|who|whom|when|explain|describe|tell me|summari[sz]e|walk me through|"
    r"give me an overview|is|are|was|were|does|do|did|"
    r"can|could|should|would|will|am|has|have|hello|hi|hey|thanks|thank you|good (morning|afternoon|evening)|"
    r"qué|que|cómo|por qué|dónde|cuál|quoi|comment|pourquoi|où|quel|quelle|est-ce que|was|wie|warum|wo|welche|"
    r"cosa|come|perché|dove|quale|o que|onde|qual|bonjour|hola|hallo|ciao|olá|c'est quoi|qu'est-ce|wat|hoe|waarom)(?![\w-])", re.I)
CODE = re.compile(
    r"^(write|implement|fix|refactor|add|create|port|convert|rewrite|optimi[sz]e|remove|rename|update|generate|make(?! sense)|"
    r"change|modify|extend|replace|translate|clean up|simplify|improve|handle|support|document|annotate|debug|"
    r"migrate|split|extract|inline|delete|build|code|program|scaffold|insert|edit|set up|setup|switch|cache|memoi[sz]e|"
    r"use|parallelize|speed up|validate|sort|parse|crea|escribe|implementa|corrige|arregla|añade|agrega|écris|"
    r"implémente|ajoute|schreib\w*|erstell\w*|implementier\w*|behebe|füge|escreva|crie|implemente|corrija|adicione|"
    r"scrivi|aggiungi|correggi)(?![\w-])", re.I)


def gibberish(text: str) -> bool:
    letters = [c for c in text.lower() if c.isalpha()]
    if not letters:
        return not any(c.isdigit() for c in text)
    if not any(c.isascii() for c in letters):
        return False  # another script: let the model judge
    words = re.findall(r"[a-z]+", text.lower())
    return all(not re.search(r"[aeiouy]", w) or re.fullmatch(r"(.)\1{2,}", w) for w in words)


SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=\S)")
RUN_FIRST = re.compile(r"(run|execute|launch|start)\b", re.I)  # "run the app" is about running it, not writing it
# Asking to find a library, package or tool, or for advice, is asking for a recommendation, whatever it is about
RECOMMEND = re.compile(r"^(?:(?:search|look|find|recommend|suggest)\w*(?: me)?(?: for)? (?:an? |some |any )?(?:good |decent )?"
                       r"(?:[\w.+-]+ )?(?:librar(?:y|ies)|packages?|modules?|tools?|frameworks?|crates?|gems?)\b|"
                       r"(?:any |some )?(?:recommendations?|advice|suggestions?|tips|best practices) (?:for|on|about)\b)", re.I)
ON_HISTORY = re.compile(r"^\w+ (?:the |my |this |that )?(?:(?:last|latest|previous|two|three|\d+) )*commits?\b", re.I)


def intent(text: str) -> dict | None:
    """Question or code, from the shape of a sentence; None when the shape says nothing."""
    if ON_HISTORY.match(text) or RECOMMEND.match(text):  # "delete the last commit": git history, not code to
        return {"route": "question", "by": "rule", "settled": True}  # write; Codey explains how
    if CODE.match(text) and not text.rstrip().endswith("?"):
        return {"route": "code", "by": "rule"}
    if not QUESTION.match(text) and not RUN_FIRST.match(text) and (natural.CODE_WORDS.search(text) or re.search(r"\b(fix|implement|refactor) (it|this|that)\b", text, re.I)):
        return {"route": "code", "by": "rule"}
    if QUESTION.match(text):
        return {"route": "question", "by": "rule"}
    # A message that tells the story first ("the job crashes since … Could you make the parser skip …?"): the work
    # it asks for is in a later sentence
    later = [intent(clean(s)) for s in SENTENCE_BREAK.split(text)[1:]]
    if any(d and d["route"] == "code" for d in later) or (natural.SOURCE.search(text) and len(text.split()) >= 3):
        return {"route": "code", "by": "rule"}  # a sentence nothing else placed, about a code file: work on it
    return None


def guess_tool(request: str) -> dict:
    """Tool and arguments for a request a model called a tool command (best effort, may stay empty)."""
    found = shell_syntax(clean(request)) or natural.match(clean(request)) or {}
    return {"tool": found.get("tool"), "args": found.get("args", {})}


def run_command(text: str) -> dict | None:
    """'run make build', 'execute `npm test`': a command after run/execute, when it parses as one."""
    m = re.match(r"^(?:run|execute|exec)\s+(?:the command\s+)?(`[^`]+`|\S.*)$", text, re.I)
    if not m:
        return None
    command = m.group(1).strip("`")
    if m.group(1).startswith("`"):
        return tool("shell", command=command)
    for line in (as_typed(command), command):
        found = shell_syntax(line) or program(line)
        if found:
            return tool("shell", command=line) if found["tool"] != "run_tests" else found
    return None


def as_typed(command: str) -> str:
    """The command line meant by English around it: "main.py with --verbose" is `python main.py --verbose`, "mypy on
    src" is `mypy src`."""
    if m := re.match(r"^([\w./-]+\.py)(?:\s+with)?((?:\s+(?:-{1,2}[\w=.-]+|[\w./=-]+))*)$", command):
        return f"python {m.group(1)}{m.group(2)}"
    if m := re.match(r"^([\w.+-]+(?:\s+-\S+)*)\s+(?:on|against)\s+([\w./*-]+)$", command, re.I):
        return f"{m.group(1)} {m.group(2)}"
    return command


# Whole-project requests become several steps, planned by the coder model (codey/plan/planner.py)
SCAFFOLD = re.compile(r"\b(scaffold\w*|skeleton|boilerplate|(project|app|application|package) (structure|layout)|"
                      r"set\s*up (a |an )?(new )?[\w-]*\s*(project|app|package|repo))\b", re.I)


def program(text: str) -> dict | None:
    """A script path or a program on PATH with arguments that read as a command line."""
    return tool("shell", command=text) if programs.invocation(text) else None


def plain_command(text: str) -> dict | None:
    """A tool named in plain words; a longer text, or several sentences of some length ("…crashes since yesterday.
    Could you … It should also log …"), describe work: their words are not commands."""
    words, sentences = len(text.split()), len(SENTENCE_BREAK.findall(text)) + 1
    return natural.match(text) if words <= COMMAND_WORDS and (sentences == 1 or words <= SENTENCES_WORDS) else None


COMMAND_WORDS = 40  # the longest tool request in the routing sets has 20
SENTENCES_WORDS = 20
BUILD = re.compile(r"(create|make|build|generate|scaffold|set\s*up|bootstrap|initiali[sz]e|start)\b", re.I)


def stated(request: str) -> bool:
    """Whether the request gives examples of calls and their values; imported here, as checking them loads the shell
    tools, which a routing decision never needs (the router's cold start stays small)."""
    from codey.checks import examples

    return bool(examples.stated(request))


def refusal(text: str) -> dict | None:
    """Malware requests, wherever they are in the text: one refused part refuses the whole request."""
    if natural.MALICIOUS.search(text):
        return {"route": "error", "reason": "Codey does not write software meant to harm or spy on people",
                "by": "rule", "refused": True}
    return None


def looks(text: str) -> dict | None:
    """A read-only tool a question or report names in words ("is my working tree clean?"): the most it may run."""
    from codey.tools import permissions  # the tools load only where a decision needs classing

    found = plain_command(text)
    return found if found and permissions.level(found["tool"], found["args"]) == permissions.READ else None


def match(request: str, allow_plan: bool = True) -> dict | None:
    text = clean(request)
    if not text:
        return {"route": "error", "reason": "empty request", "by": "rule"}
    # Before any splitting: a refused clause must not become a plan step, nor a pasted spec's words commands.
    if found := refusal(text):
        return found
    # Before any command rule: a question, a pasted log or a bug report is answered; a question may take a read-only look
    if said := mood.of(request, pasted.is_description(request)):
        return (looks(text) if said == "question" else None) or {"route": "question", "by": "rule", "mood": said}
    if found := pasted.decide(request):
        return found
    if gibberish(text) and not (shell_syntax(text) or program(text)):
        return {"route": "error", "reason": f"cannot make sense of {text[:40]!r}", "by": "rule"}
    if allow_plan and len(steps.steps_of(request)) >= 2 and not stated(request):  # "f(1) is 2; f(3) is 4": a spec
        return {"route": "plan", "by": "rule"}
    scaffold = {"route": "plan", "by": "rule"} if allow_plan and BUILD.match(text) and SCAFFOLD.search(text) else None
    return shell_syntax(text) or run_command(text) or program(text) or plain_command(text) or scaffold or intent(text)
