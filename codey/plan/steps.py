"""A request's steps, read from its words: list items, numbered steps, clauses joined by "then", and the conditions
some steps start with ("3. if they pass, git push"). One step means the request is not a plan."""
from __future__ import annotations

import re

from codey.router import mood, pasted

IF = r"(?:if|when|once|only if|si|wenn|falls|se)"
PASS = r"(pass|passes|passed|succeed|succeeds|succeeded|are green|is green|green|work|works|ok|okay|are ok|is ok)"
FAIL = r"(fail|fails|failed|break|breaks|is red|are red|red)"
SUBJECT = r"(?:(?:it|they|that|tests?|the tests?|all|all tests|everything|anything|the build|build|step \d+)\s+)?"
CONDITION = re.compile(rf"^{IF}\s+{SUBJECT}(?:{PASS}|(?P<fail>{FAIL}))\b[,:]?\s*(?:then\s+)?", re.I)
CONDITIONAL = re.compile(rf"^(?:{IF}|unless)\b", re.I)  # a clause that starts a condition, whatever it tests
AMBIGUOUS_VERBS = set("test build format lint check list show set tag start open document merge update init clean release".split())
OBJECT_START = set("the a an it them this that these those all my our its some any everything to with in on for".split())


def steps_of(request: str) -> list[str]:
    """The steps of a raw request: its items when it is a list (one per line, numbered or bulleted), else its clauses."""
    items = pasted.list_items(request)
    return [mood.clean(i) for i in items] if items else split_steps(mood.clean(request))


def split_steps(text: str) -> list[str]:
    """Split 'a, then b', '1. a 2. b', 'a; b', 'a and then b', 'a, b, and c' into clauses; one clause means no plan.
    Never inside quotes: `python -c "import x; x.run()"` is one command."""
    spans: list[str] = []
    masked = mood.QUOTE.sub(lambda m: spans.append(m.group(0)) or f"\0{len(spans) - 1}\0", text)
    return [re.sub(r"\0(\d+)\0", lambda m: spans[int(m.group(1))], step) for step in _clauses(masked)]


def split_condition(text: str) -> tuple[dict | None, str]:
    """'if they pass, commit' → ({'when': 'passed'}, 'commit'); text without a condition is returned as is."""
    m = CONDITION.match(text)
    if not m:
        return None, text
    return {"when": "failed" if m.group("fail") else "passed"}, text[m.end():].strip() or text


def _clauses(text: str) -> list[str]:
    numbered = re.split(r"(?:^|\s)\(?\d+[.)]\s+", " " + text)  # "1. a 2. b", "1) a 2) b", "(1) a, (2) b"
    if numbered[0].rstrip().endswith(":"):  # "do the following: 1. … 2. …": the lead-in is not a step
        numbered = numbered[1:]
    if len([p for p in numbered if p.strip()]) >= 2:
        return [p.strip(" ,;.") for p in numbered if p.strip(" ,;.")]
    parts = re.split(r"\s*(?:;|,?\s+(?:and\s+then|then|after\s+that|afterwards|finally|y\s+luego|luego|después|"
                     r"et\s+puis|puis|ensuite|und\s+dann|dann|danach|e\s+depois|depois|em\s+seguida)\s+|,\s*then\s+)\s*",
                     text, flags=re.I)
    steps: list[str] = []
    for part in parts:
        steps.extend(_split_verbs(part))
    return [s.strip(" ,.") for s in steps if s.strip(" ,.")]


def _split_verbs(part: str) -> list[str]:
    """Split on ', ' and ' and ' only where the next clause starts with a verb and the previous has an object."""
    pieces = re.split(r"(,\s*(?:(?:and|und|y|et|e)\s+)?|\s+(?:and|und|y|et|e)\s+)", part, flags=re.I)
    out: list[str] = []
    for sep, piece in zip([""] + pieces[1::2], pieces[0::2]):
        # "stage and commit" is one compound action; "pull, run the tests" is two
        if out and "," not in sep and len(out[-1].split()) == 1 and not CONDITIONAL.match(piece):
            out[-1] = out[-1] + sep + piece
            continue
        if out and _is_clause(piece) and (_is_clause(out[-1]) or CONDITIONAL.match(piece)):
            out.append(piece)
        elif out:
            out[-1] = out[-1] + sep + piece
        else:
            out.append(piece)
    return out


def _is_clause(piece: str) -> bool:
    """'commit', 'add a TODO file', 'run them': a verb, alone or followed by an object; not 'lint targets'."""
    words = CONDITIONAL.sub("", piece.lower()).split()
    if CONDITIONAL.match(piece):
        return True
    if not words or words[0] not in mood.VERBS:
        return False
    if words[0] not in AMBIGUOUS_VERBS:
        return True
    if len(words) == 1:
        return False
    return words[1] in OBJECT_START or bool(re.match(r"[\w-]*[./]", words[1]))
