"""Commands the rules' table does not list: a script path (./build.sh) or a program on PATH with its arguments.

Many programs are also English words (test, sort, make, convert), so a sentence must not run as one: a
program whose name is a word needs arguments that look like a shell's (flags, paths, globs, redirects), and
no command has the small words of a sentence among its arguments.
"""
from __future__ import annotations

import re
import shlex
import shutil

SCRIPT_PATH = re.compile(r"^(?:\.{1,2}/|~/)\S+|^\S+\.(?:sh|bash)$")
SHELLISH = re.compile(r"^(?:-{1,2}[\w-]|\.{1,2}$|[\w.~-]*/|.*[*?=@:]|[<>|&;]|\d+$|\$)")
SENTENCE_WORDS = set("a an the to of that which called named with for in on my me it this all some and or "
                     "is are be so".split())
# English words that name programs on a common Linux PATH; as a first word they usually start a sentence.
ENGLISH = set("test sort time yes which who watch find split join link unlink install patch file cut paste head tail "
              "more less look kill top free last write make touch expand fold print read type wait true false date "
              "tree clear reset script nice sleep locate compress rename column say open start users groups factor "
              "see strings tabs route login pager convert as echo go node cat diff fix check build format show list "
              "run help info apply merge update upgrade clean lint deploy explain describe add remove delete copy move "
              "hello hi hey thanks what why how where when is are can could should would will do does did activate bridge col "
              "distro editor halt idle init issues mount opt reboot red rev service shutdown poweroff size strip sync tar "
              "tee truncate view wall wish zip logger".split())
# With nothing after them these wait for a terminal, which a tool run does not have.
INTERACTIVE = set("python python3 ipython node bash sh zsh fish vim vi nano emacs less more top htop man ssh irb psql "
                  "mysql sqlite3 ghci R".split())


# Programs the rules take as commands even where they are not installed
TABLE = set("git make npm yarn pnpm pip pip3 cargo go docker bash sh ./configure echo grep rg find wc tox black ruff flake8 "
            "mypy node python python3 pytest mkdir ls dir tree cat less more head tail bat touch rm rmdir del mv cp curl "
            "wget".split())


def known(word: str) -> bool:
    """A word a command line can start with: a program the rules know, a script path or a program on PATH."""
    return word.lower() in TABLE or runnable(word)


def argv_of(text: str) -> list[str] | None:
    try:
        return shlex.split(text) or None
    except ValueError:
        return None


def is_english(word: str) -> bool:
    return word.lower() in ENGLISH


def looks_like_shell(args: list[str]) -> bool:
    return any(SHELLISH.match(a) for a in args)


def runnable(word: str) -> bool:
    """A script path or a program on PATH: what a shell line can start with."""
    return bool(SCRIPT_PATH.match(word)) or bool(re.fullmatch(r"[\w.+-]+", word) and shutil.which(word))


def invocation(text: str) -> bool:
    """'./build.sh', 'uname -a', 'pwd', 'sort -u names.txt'; not 'test the parser' nor 'convert this to async'."""
    argv = argv_of(text)
    if not argv or text.rstrip().endswith("?"):  # a question, even when it starts with a program's name
        return False
    cmd, args = argv[0], argv[1:]
    if any(a.lower() in SENTENCE_WORDS for a in args):
        return False
    if SCRIPT_PATH.match(cmd):
        return True
    if not runnable(cmd):
        return False
    if is_english(cmd):
        return looks_like_shell(args)
    return bool(args) or cmd not in INTERACTIVE
