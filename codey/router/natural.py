"""Tool commands in plain words (English first, with the common words of a few other languages).

Each tool has a verb family and an object family; a request matches when both appear and nothing in it
asks for code to be written.
"""
from __future__ import annotations

import re
import shlex

QUOTED = re.compile(r"""["“'‘`](.+?)["”'’`]""")
PATH = re.compile(r"(?<![\w@])((?:~|\.{1,2})?/?[\w.-]*[\w-]+(?:/[\w.-]+)*\.[A-Za-z][\w-]*|[\w.-]+/[\w./-]*|\.[\w][\w.-]*|Makefile|Dockerfile)(?![\w/])")
SOURCE = re.compile(r"[\w/-]\.(py|pyi|js|jsx|ts|tsx|go|rs|java|kt|rb|php|c|cc|cpp|h|hpp|cs|swift)(?![\w-])")  # a code file
HEX = re.compile(r"\b[0-9a-f]{7,40}\b")

CODE_WORDS = re.compile(
    r"\b(function|method|class|bug|refactor|implement|endpoint|handler|logic|validation|error handling|docstring|"
    r"type hints?|variable|module|feature|api|decorator|unit tests? for|tests? for|script that|program|workflow|"
    r"(an?|the) ([\w.-]+ ){0,3}(script|hook|cli|app|component|class|function)|funzione|"
    r"pipeline|(an?|the) [\w -]+ that (runs|does|prints|reads|writes|returns|takes|converts|counts|checks|sends|parses)|"
    r"función|fonction|funktion|klasse|clase|classe|programa|skript|script qui|script que)\b", re.I)
MALICIOUS = re.compile(r"\b(keylogger|ransomware|botnet|ddos|steal\w*|exfiltrat\w*|password stealer|credential harvest\w*|"
                       r"malware|spyware|backdoor)\b", re.I)

SHOW = (r"(show|display|print|view|see|list|give|get|tell|check|output|dump|open|read|cat|what'?s|what is|what are|"
        r"zeig\w*|muestr\w*|muéstr\w*|enséñ\w*|montre\w*|affich\w*|mostr\w*|list\w*|lee|lies|lis|visualizza|"
    r"abr[ea]\w*|apri|ouvre|öffne|toon|laat .* zien|bekijk)")
MAKE = r"(make|create|new|add|set up|mkdir|maak|crea\w*|cria\w*|erstell\w*|anleg\w*|mach\w*|crée\w*|créer|faire|fais)"
REMOVE = r"(delete|remove|rm|erase|get rid of|trash|wipe|nuke|verwijder\w*|cancella|lösch\w*|entfern\w*|borr\w*|elimin\w*|supprim\w*|apag\w*|remov\w*|exclu\w*)"
MOVE = r"(move|rename|mv|renomm\w*|déplac\w*|renombr\w*|mov\w*|renomei\w*|verschieb\w*|umbenenn\w*)"
COPY = r"(copy|duplicate|cp|back ?up|clone|copi\w*|kopier\w*|dupli\w*)"
RUN = r"(run|execute|launch|start|rerun|re-run|kick off|esegui|voer .* uit|draai|ejecut\w*|corr[ea]\w*|lanc\w*|exécut\w*|führ\w*|starte|rod[ae]\w*|execut\w*)"
TESTS = r"(tests?|test suite|testsuite|specs?|unit tests|pruebas|testes|testeurs|tests unitaires)"
FOLDER = r"(folders?|director(y|ies)|dirs?|carpetas?|ordner|dossiers?|répertoires?|pastas?|diretórios?|verzeichnis\w*|cartell[ae])"
FILES = r"(files?|contents?|everything|entries|archivos|ficheros|fichiers|dateien|arquivos|inhalt)"
BRANCH = r"(branch(es)?|rama|ramas|zweig|branche|ramo)"
NAMED = r"(?:called|named|name|namens|llamad[oa]|nommée?|chamad[oa]|genannt|chiamat[oa])"
INTO = r"(?:to|into|as|in|para|a|al|nach|zu|vers|en|dans|em|no|na)"


QUESTION_SHAPE = re.compile(r"^(what (does|do|did|is an?|are) |why |how (do|does|can|should|would|is|are|to) |explain |summari[sz]e |"
                            r"when |should |could |would |is it |can i |qu[eé] |por ?qu[eé] |comment |pourquoi |warum |wie |"
                            r"c'est quoi |qu'est-ce |quelle est |cos'è |was ist |wat is |o que é )", re.I)


KEYWORDS = ("status", "commit", "commits", "checkout", "branch", "branches", "show", "list", "diff", "push", "pull",
            "delete", "remove", "folder", "directory", "history", "stage", "create", "make", "rename", "move", "copy",
            "tests")


def closest(word: str, vocabulary) -> str | None:
    """The vocabulary word a typo was meant to be ('stauts' → 'status'), or None."""
    import difflib

    if word in vocabulary:
        return word
    swapped = [word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)]  # 'mkae' → 'make'
    if len(word) >= 4 and (hit := next((w for w in swapped if w in vocabulary), None)):
        return hit
    found = difflib.get_close_matches(word, list(vocabulary), n=1, cutoff=0.8) if len(word) >= 4 else []
    return found[0] if found else None


def fix_typos(text: str) -> str:
    """Correct the command word only: 'shwo the log' → 'show the log' (inflections like 'pushes' are left alone)."""
    first, _, rest = text.partition(" ")
    word = first.lower()
    if not word.isalpha() or len(word) < 4 or any(word.startswith(k) or k.startswith(word) for k in KEYWORDS):
        return text
    fixed = closest(word, KEYWORDS)
    return f"{fixed} {rest}".strip() if fixed else text


def tool(tool_name: str, **args) -> dict:
    return {"route": "tool", "tool": tool_name, "args": {k: v for k, v in args.items() if v}, "by": "rule"}


def paths(text: str) -> list[str]:
    return [p.rstrip(".,;:!?") for p in PATH.findall(QUOTED.sub(lambda m: f" {m.group(1)} ", text))]


def quoted(text: str) -> str | None:
    m = QUOTED.search(text)
    return m.group(1) if m else None


def named(text: str) -> str | None:
    """The object of 'called X' / 'named X' / a quoted name / a path."""
    if q := quoted(text):
        return q
    m = re.search(rf"\b{NAMED}\s+([\w./~-]+)", text, re.I)
    if m:
        return m.group(1).rstrip(".,")
    found = paths(text)
    return found[0] if found else None


def has(pattern: str, text: str) -> bool:
    return re.search(rf"(?<![\w-])(?:{pattern})(?![\w-])", text, re.I) is not None


def starts(pattern: str, text: str) -> bool:
    return re.match(rf"(?:{pattern})(?![\w-])", text, re.I) is not None


def git_intent(t: str, text: str) -> dict | None:
    if has(r"(undo|revert|amend|squash|drop|reset|rebase|reword|rewrite|uncommit|delete|remove)\b.*\bcommits?|"
           r"stash\w*|blame|who (last )?(changed|wrote|touched|edited)", t):
        return None  # git operations with no tool (history rewrites, stash, blame): never a commit, show or diff
    if starts(r"(git )?(pull|fetch)", t):
        return tool("git_pull")
    if starts(r"(git )?push", t):
        return tool("git_push")
    if m := re.search(r"^(?:undo|discard|revert|throw away|reset) (?:all )?(?:my |the )?(?:local |uncommitted )?changes (?:to|in|on) (\S+)$", text, re.I):
        return tool("shell", command=f"git checkout -- {m.group(1)}")
    if SOURCE.search(text) and (starts(r"log (every|each|all|any|an?)", t) or has(r"branch|checkout|check out|switch", t)
                                and not starts(r"(git )?(log|history|diff|show|list|what)", t)):
        return None  # "branch on the user role in auth.py", "log every request in app.py": words of code work
    if has(r"(status|working (tree|copy|directory)|uncommitted|(is|are) .*(clean|dirty)|estado del repo\w*|état du dépôt)", t):
        return tool("git_status")
    if has(r"(what|which) branch|current branch|list (all )?(the )?branches|(show|list|see) .*branches|^branch(es)?", t):
        return tool("git_branch")
    if m := re.search(r"\b(?:commit|revision)\s+([0-9a-f]{7,40})\b", text, re.I):
        return tool("git_show", name=m.group(1))
    if has(r"((what was in|what('s| is) in|contents of|details of|show( me)?|what changed in) )?(the )?(last|latest|previous|most recent) commit", t) \
            and not has(r"since", t):
        return tool("git_show", name="HEAD")
    if has(r"(history|log|historial|historique|historie|commit-historie|verlauf)|(last|latest|recent|previous|letzten|últimos|derniers|ultimi) [\w ]{0,12}commits|"
           r"who (made|wrote|did) .*commit|commits (made|since|by|from|today|this)", t):
        n = re.search(r"\b(?:last|latest|recent|previous)\s+(\d+)", t)
        return tool("git_log", n=int(n.group(1)) if n else None, path=(paths(text) or [None])[0])
    if has(r"(diff|changes|changed|modifications|modified|cambios|änderungen|modifs?)", t) and not starts("find", t) \
            and not has(r"(commit|push|stage)", QUOTED.sub("", t).split("since")[0]):  # "find files modified today": a search
        staged = has(r"(staged|cached)", t) and not has("unstaged", t)
        return tool("git_diff", path=(paths(text) or [None])[0], staged=staged or None)
    if has(r"(stage|staging|unstaged)", t) and not has(r"commit", QUOTED.sub("", t)) or re.match(r"^(git )?add\b.*\b(to (the )?(index|staging( area)?|git)|-a|--all)\b", t):
        return tool("git_add", path=" ".join(paths(text)) or None)
    bare = QUOTED.sub("''", t)
    # the verb, not "how many commits" nor "who has committed": numbers and names in the history are looks at it
    if has(r"(commit|haz un commit|fais un commit|committe(?!d)\w*)", bare) \
            and not starts(r"(write|implement|generate|build|code|develop|design)", t):  # "write a commit-message tool"
        m = re.search(r"\b(?:message|msg|saying|mensaje|nachricht|titled)\s+[:=]?\s*([\w .,:!-]+)$", text, re.I)
        return tool("git_commit", message=quoted(text) or (m.group(1).strip() if m else None))
    if has(r"(push|pousse\w*|empuj\w*|pushe\w*|sub[ea] los cambios|envía\w*|envie\w*)", t):
        return tool("git_push")
    if has(r"(pull|fetch|sync(hroni[sz]e)? with|update from (the )?(remote|origin|upstream)|get the latest|merge whatever|"
           r"trae\w* los cambios|récupère\w*|hol\w* die)", t):
        return tool("git_pull")
    if m := re.search(rf"\b(?:new|create|make|start|crea\w*|erstell\w*|crée\w*) (?:a )?(?:new )?{BRANCH} (?:{NAMED} )?([\w./-]+)", text, re.I):
        return tool("git_branch", name=m.group(m.lastindex))
    if m := re.search(rf"\b(?:checkout|check out|switch(?: back)? to|go (?:back )?to|change to|cambia\w* a|wechsle\w* (?:zu|auf)|passe\w* sur|mude\w* para)"
                      rf"(?: the| la| le| den| o| a)?(?: {BRANCH})? ([\w./-]+)", text, re.I):
        if m.group(m.lastindex).lower() not in ("branch", "the", "a"):
            return tool("git_checkout", name=m.group(m.lastindex))
    return None


FILLER = (r"(?:\s+(?:me|us|mir|moi|the|a|an|el|la|los|las|le|les|die|das|den|dem|der|o|os|as|this|that|my|file|files|"
          r"archivo|fichero|fichier|datei|arquivo|contents?|content|contenido|contenu|inhalt|contenuto|conteúdo|il|lo|"
          r"of|de|del|du|des|von|do|da|di|source|code|inside|empty|old|what's in|what is in|"
          r"folder|directory|dir|carpeta|dossier|ordner|pasta))*")
END = r"(?:\s+(?:file|folder|directory|dir|please|for me|now))?$"


def file_intent(t: str, text: str) -> dict | None:
    found = paths(text)
    if starts(MAKE, t) and has(FOLDER, t) and len(t.split()) <= 12:
        if m := re.search(rf"\bwith ([\w./-]+(?:, [\w./-]+)*,? and [\w./-]+) {FOLDER}", text, re.I):
            return tool("mkdir", path=" ".join(re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group(1))))
        m = re.search(rf"{FOLDER}\s+(?:{NAMED}\s+)?['\"`]?([\w./~-]+)", text, re.I)
        return tool("mkdir", path=named(text) or (m.group(m.lastindex) if m else None))
    if m := re.search(rf"^{MOVE}{FILLER}\s+(\S+)\s+{INTO}{FILLER}\s+(\S+?){END}", text, re.I):
        return tool("move_path", path=m.group(2).strip("'\"`"), dest=m.group(3).strip("'\"`"))
    if m := re.search(rf"^(?:make |create )?(?:an? )?{COPY}(?: copy)?{FILLER}\s+(\S+)\s+(?:{INTO}|{NAMED}){FILLER}\s+(\S+?){END}", text, re.I):
        return tool("copy_path", path=m.group(m.lastindex - 1).strip("'\"`"), dest=m.group(m.lastindex).strip("'\"`"))
    if m := re.search(rf"^{REMOVE}{FILLER}\s+([\w./~-]+?){END}", text, re.I):
        return tool("delete_path", path=m.group(m.lastindex))
    if has(r"(touch|(create|make|add) (an? )?(new )?(empty|blank) file)", t) and found:
        return tool("write_file", path=found[0])
    if has(RUN, t) and has(TESTS, t) and not has(r"(write|add|create|fix)", t):
        return tool("run_tests")
    if found and "." in found[0].rsplit("/", 1)[-1] and \
            re.search(rf"^(?:{SHOW}|what'?s in|what is in){FILLER}\s+['\"`]?{re.escape(found[0])}['\"`]?{END}", text, re.I):
        return tool("read_file", path=found[0])
    if (m := re.search(rf"^(?:{SHOW}|ls|dir){FILLER}\s+(?P<target>[\w./-]+)\s+{FOLDER}$", text, re.I)) \
            or (m := re.search(rf"^(?:{SHOW}|ls|dir){FILLER}(?:\s+(?:all|everything|{FILES}))?(?:\s+(?:in|under|within|du|de|del|im|dans|em|no|na)){FILLER}(?:\s+(?P<target>[\w./-]+))?{END}", text, re.I)):
        target = m.group("target")
        return tool("list_dir", path=None if not target or re.fullmatch(r"(here|current|project|workspace|root|repo)", target, re.I) else target)
    if re.search(rf"^(?:{SHOW}|ls|dir)(?:\s+(?:all|the|me|my))*\s+{FILES}(?:\s+(?:here|in here|in this (?:project|repo|folder)))?$", t):
        return tool("list_dir")
    if found and re.search(rf"^(?:{SHOW}|what'?s in|what is in){FILLER}\s+['\"`]?{re.escape(found[0])}['\"`]?{END}", text, re.I):
        return tool("read_file", path=found[0])
    return None


COUNTS = {"lines": "-l", "words": "-w", "characters": "-m", "chars": "-m", "bytes": "-c"}
# What a search looks for, when it can only be a string in the files: quoted, or spelled like code (TODO,
# parse_config, getUser, v2) — "search for bugs in parser.py" asks for a review, not a grep.
QUOTES = "\"'`"
TOKEN = r"(?:[\"'`][^\"'`]+[\"'`]|[A-Z][A-Z0-9_]+|\w*[_\d]\w*|[a-z]+[A-Z]\w*|[\w.]*\.\w+\()"
EVERYWHERE = r"(?:the )?(?:code(?:base)?|project|repo(?:sitory)?|files|everywhere|here)"
LINES = r"\b(first|top|last|final) (\d+) lines? (?:of|in|from) (?:the )?(?:file )?"
COUNT = r"^(?:count|how many) (?:the )?(lines|words|characters|chars|bytes) (?:are )?(?:there )?(?:in|of) (?:the )?(?:file )?"
SEARCH = (rf"^(?:search|grep|look)(?: (?:the )?{EVERYWHERE})? for (?:(?:all )?(?:usages|uses|occurrences|mentions|references) of )?"
          rf"({TOKEN})(?: (?:in|under|inside|across|within) (?:the )?(?:(?:folder|directory|dir) )?(?:{EVERYWHERE}|([\w./-]+)))?{END}")


FIND_NAMED = (rf"^(?:find|locate|where (?:is|are))(?: me)?(?: (?:a|any|all|the|every))? files? (?:named|called) ['\"`]?([\w.*?-]+)['\"`]?"
              rf"(?: anywhere)?(?: (?:in|under|within) (?:the )?(?:(?:folder|directory|dir) )?(?:{EVERYWHERE}|([\w./-]+)))?(?: anywhere)?{END}")


def inspect_intent(text: str) -> dict | None:
    """Read-only looks at files in words, as the shell command a user would type: head, tail, wc, grep."""
    file = (paths(text) or [""])[0]
    named = rf"['\"`]?{re.escape(file)}['\"`]?{END}"
    if file and (m := re.search(LINES + named, text, re.I)):
        program = "head" if m.group(1).lower() in ("first", "top") else "tail"
        return tool("shell", command=f"{program} -n {m.group(2)} {shlex.quote(file)}")
    if "." in file.rsplit("/", 1)[-1] and (m := re.search(COUNT + named, text, re.I)):
        return tool("shell", command=f"wc {COUNTS[m.group(1).lower()]} {shlex.quote(file)}")
    if m := re.search(FIND_NAMED, text, re.I):
        return tool("shell", command=f"find {shlex.quote(m.group(2) or '.')} -name {shlex.quote(m.group(1))} -not -path '*/.git/*'")
    if m := re.search(SEARCH, text):
        from codey.workspace.project import SKIP_DIRS  # not a virtualenv's TODOs (imported here: routing starts cold)

        skip = " ".join(f"--exclude-dir={d}" for d in sorted(SKIP_DIRS))
        return tool("shell", command=f"grep -rnI {skip} {shlex.quote(m.group(1).strip(QUOTES))} {shlex.quote(m.group(2) or '.')}")
    return None


def match(text: str) -> dict | None:
    """A tool decision for plain-language requests, or None."""
    text = text.strip().rstrip(" ?!.")
    if QUESTION_SHAPE.match(text):
        return None
    # Keywords are looked for outside file paths and quoted strings ("feature/login" is not about logs).
    t = PATH.sub(" _path_ ", QUOTED.sub(" _quoted_ ", text)).lower().strip().rstrip(" ?!.")
    if not t or CODE_WORDS.search(t):
        return None
    return git_intent(t, text) or file_intent(t, text) or inspect_intent(text)
