"""The task spec: a code request read once, when its first attempt starts, into plain data (kept on the task, so it
is checkpointed). Every later reader (the prompt, the edits a reply may make, the checks, the choice among
candidates) takes the request's meaning from here; only this module reads the request's words."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, Optional, TypedDict

from codey.checks import examples, verdicts
from codey.coder.context import DOCS, WHOLE_FILE_MAX_LINES, code_files, line_count, repo_map, workspace_files
from codey.coder.edits import NAME
from codey.search.candidates import words
from codey.tools.registry import OUTSIDE

SYMBOL_CHARS = 10_000  # the part of the repo map whose symbols a request can name
DOCS_MAX_CHARS = 200_000


class Spec(TypedDict):
    """What a code request asks for. The state holds it as a plain dict."""

    names: list[str]  # file names the request spells, in its order (existing or not)
    files: list[str]  # existing files it involves: those it names, then those defining symbols it names
    targets: list[str]  # files the task may change, the target first
    target: Optional[str]  # the one code file the task is about, when that is certain
    docs: list[str]  # documents it names, read as instructions
    examples: list[list[str]]  # [call, expected repr] it states, in its text or the documents it names
    named_tests: list[str]  # tests it names (verdicts.named)
    focus: list[dict]  # {"file", "line"} it points at ("line 12 of calc.py")
    kind: Literal["bug", "change", "new"]
    tests_may_change: bool
    docs_may_change: bool  # document files (README, notes)
    comments_may_change: bool  # docstrings, comments and examples inside code
    outside_asked: bool  # it names a path outside the project
    words: list[str]  # its words, for the choice among candidates (candidates.overlap)


def read(request: str, workspace: str, changed: list[str] = ()) -> Spec:
    """The spec of a request; changed are the files earlier steps of the run changed (a step naming no file is
    about them)."""
    files = workspace_files(workspace)
    involved = relevant_files(request, files, repo_map(workspace, files, SYMBOL_CHARS)[1])
    names = list(dict.fromkeys(NAME.findall(request)))
    target = target_file(request, list(dict.fromkeys([*involved, *(f for f in changed if f in files)]))
                         or code_files(files), workspace)
    spec = {"names": names, "files": involved, "target": target, "docs": docs_of(request, workspace),
            "named_tests": list(verdicts.named(request)), "focus": focus_of(request, workspace),
            "kind": kind_of(request, names, workspace), "tests_may_change": changes_tests(request),
            "docs_may_change": changes_docs(request), "comments_may_change": changes_comments(request),
            "outside_asked": bool(OUTSIDE.search(request)), "words": sorted(words(request))}
    spec["examples"] = [list(e) for e in examples.stated("\n".join([request, *texts(spec["docs"], workspace)]))]
    spec["targets"] = [f for f in dict.fromkeys([target, *names, *involved]) if f and may_change(spec, f, workspace)]
    return spec


def may_change(spec: dict, path: str, workspace: str) -> bool:
    """Small models like to rewrite README.md, or the failing test, along the way: an existing test file changes only
    when the request asks to change tests, a document only when it names it or asks for documentation."""
    if TEST_FILE.search(path) and Path(workspace, path).exists():
        return spec["tests_may_change"]
    if Path(path).name.lower() in {Path(n).name.lower() for n in spec["names"]}:
        return True
    return not path.endswith(DOCS) or spec["docs_may_change"]


def named(request: str) -> list[str]:
    """The words of a request that could be paths, without a sentence's full stop ("the bug in app.py.")."""
    return list(dict.fromkeys(w.rstrip(".") for w in re.findall(r"[\w./-]+", request)))


def relevant_files(request: str, files: list[str], symbols: dict[str, str]) -> list[str]:
    """Files named in the request, then files defining symbols it names."""
    spelled = set(named(request))
    by_name = [f for f in files if f in spelled or Path(f).name in spelled]
    by_symbol = [symbols[w] for w in re.findall(r"\b[A-Za-z_]\w{2,}\b", request) if w in symbols]
    return list(dict.fromkeys(by_name + by_symbol))


def docs_of(request: str, workspace: str) -> list[str]:
    """The documents a request names ("does what SPEC.md describes"), inside the project: instructions to read."""
    root = Path(workspace).resolve()
    return [w for w in named(request) if w.endswith(DOCS)
            and (root / w).resolve().is_relative_to(root) and (root / w).is_file()]


def texts(docs: list[str], workspace: str) -> list[str]:
    return [(Path(workspace) / d).read_text(errors="replace")[:DOCS_MAX_CHARS] for d in docs]


OTHER_FILES = re.compile(r"\b(tests?|files?|modules?|packages?|folders?|director(y|ies))\b", re.I)


def target_file(request: str, involved: list[str], workspace: str) -> str | None:
    """The one code file a task is about, if that is certain: the only code file the request names (or, naming
    none, involves), unless it exists and the request speaks of other files too ("write tests for utils.py"). A
    test file it names but may not change is the evidence, not the target ("tests/test_x.py fails, fix x.py")."""
    kept = changes_tests(request)
    spelled = [n for n in dict.fromkeys(NAME.findall(request))
               if not n.endswith(DOCS) and (kept or not TEST_FILE.search(n))]
    code = [f for f in involved if not f.endswith(DOCS)]
    name = spelled[0] if len(spelled) == 1 else None if spelled else (code[0] if len(code) == 1 else None)
    if not name or not Path(name).suffix:
        return None
    path = Path(workspace) / name
    others = OTHER_FILES.search(NAME.sub(" ", request))  # words outside the file names themselves
    if path.is_file() and (others or line_count(workspace, name) > WHOLE_FILE_MAX_LINES):
        return None
    return name


LINE_OF = re.compile(r"\bline (\d+) (?:of|in) ([\w./-]+)", re.I)


def focus_of(request: str, workspace: str) -> list[dict]:
    """The lines of existing files a request points at ("line 12 of calc.py"): the prompt shows them marked."""
    return [{"file": name, "line": int(line)} for line, name in LINE_OF.findall(request)
            if (Path(workspace) / name).is_file()]


BUG_WORDS = re.compile(r"\b(fix|bug|broken|fails?|failing|error|wrong|crash\w*)\b", re.I)


def kind_of(request: str, names: list[str], workspace: str) -> str:
    """"bug" for a request reporting a failure (the project's failing tests are then its best evidence), "new" for
    one whose code files do not exist yet (the documents it names are instructions), "change" otherwise."""
    code = [n for n in names if not n.endswith(DOCS)]
    if BUG_WORDS.search(request):
        return "bug"
    return "new" if code and not any((Path(workspace) / n).exists() for n in code) else "change"


TEST_FILE = re.compile(r"(^|/)(test_[^/]*|[^/]*_test)\.py$")
TEST_WORD = r"(?:unit\s+)?tests?|test\s+cases?|[\w./-]*test[\w./-]*\.py"
CHANGE_WORD = r"add|write|update|fix|change|modify|edit|extend|rewrite|correct|improve|adjust|delete|remove"
TEST_CHANGE = re.compile(rf"\b(?:{CHANGE_WORD})\b(?:\W+\w+){{0,3}}?\W+(?:{TEST_WORD})\b", re.I)
NEGATED = re.compile(r"\b(?:don'?t|do\s+not|never|not|nor|without|no\s+need)\b", re.I)


def changes_tests(request: str) -> bool:
    """Whether the request asks for a change to tests, not only mentions them: "the tests are correct, don't change
    them", "referenced from unit tests" or a pasted test log naming the test file leave the tests as they are (a
    candidate that rewrites them could pass them by weakening them)."""
    return any(not NEGATED.search(request[max(0, m.start() - 20):m.end()]) for m in TEST_CHANGE.finditer(request))


DOC_WORDS = re.compile(r"\b(readme|docs?|documentation|markdown|notes|changelog|text file)\b", re.I)


def changes_docs(request: str) -> bool:
    """Whether the request speaks of documents ("update the README", "in the notes"): only then may a reply
    rewrite a document file it does not name."""
    return bool(DOC_WORDS.search(request))


EDIT_DOCS = re.compile(r"\b(add|write|update|change|fix|improve|rewrite|edit|document)\b.{0,40}"
                       r"\b(docstrings?|documentation|comments?|examples?)\b", re.I)


def changes_comments(request: str) -> bool:
    """Whether the request asks to change what code says about itself ("add docstrings", "fix the examples"):
    otherwise a reply's docstrings and comments are kept as they were (they are the user's spec)."""
    return bool(EDIT_DOCS.search(request))
