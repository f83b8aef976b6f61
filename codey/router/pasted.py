"""Pasted task descriptions: a spec of several paragraphs (an exercise, an issue) is work for the coder.

Such a text mentions commands ("push", "run the tests") and has lists and semicolons, so the command and plan
rules would misread it; it is recognised from its shape first. A list of short steps is still a plan.
"""
from __future__ import annotations

import re

HEADING = re.compile(r"^#{1,6}\s+\S")
FENCE = re.compile(r"^(```|~~~)")
TABLE = re.compile(r"^\|.*\|$")
LIST_ITEM = re.compile(r"^(?:[-*+•]|\d+[.)]|[a-z][.)])\s+\S", re.I)
LIST_MARK = re.compile(r"^(?:[-*+•]|\d+[.)]|[a-z][.)])\s+", re.I)
SENTENCE_END = re.compile(r"[.!?:](?:[\"')\]]*)(?=\s|$)")

PROSE_WORDS = 12  # a line this long that is not a list item reads as a paragraph, not a command
LONG_WORDS = 50  # this many words in several sentences is a description even without paragraphs
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
QUESTION_END = re.compile(r"^(what|why|how|where|which|is|are|does|do)\b.*\?$", re.I)  # not "can you …?": a request


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


def is_prose(line: str) -> bool:
    return not (HEADING.match(line) or FENCE.match(line) or TABLE.match(line) or LIST_ITEM.match(line)) \
        and len(line.split()) >= PROSE_WORDS


def is_sentence(line: str) -> bool:
    """A plain line of a few words that ends a sentence ("The TTL logic lives in cache.py."), not "Thanks!"."""
    return not (HEADING.match(line) or FENCE.match(line) or TABLE.match(line) or LIST_ITEM.match(line)) \
        and len(line.split()) >= 4 and bool(re.search(r"[.!?][\"')\]]*$", line))


def has_markdown(lines: list[str]) -> bool:
    return any(HEADING.match(l) or FENCE.match(l) or TABLE.match(l) for l in lines)


def is_step_list(lines: list[str]) -> bool:
    """'Do this:' then numbered or bulleted items, and nothing else: steps to carry out, not a spec."""
    body = lines[1:] if lines and lines[0].endswith(":") else lines
    return bool(body) and all(LIST_ITEM.match(l) for l in body)


def list_items(request: str) -> list[str] | None:
    """The items of a request written as a list of steps, one per line; None for any other text."""
    lines = lines_of(request)
    if len(lines) < 2 or not is_step_list(lines):
        return None
    return [LIST_MARK.sub("", l) for l in lines if LIST_ITEM.match(l)]


def is_description(request: str) -> bool:
    """Prose with markdown (headings, code, tables, lists), several prose paragraphs, or a long text of sentences."""
    lines = lines_of(request)
    if is_step_list(lines):
        return False
    prose = sum(is_prose(l) for l in lines)
    paragraphs = len(PARAGRAPH_BREAK.split(request.strip()))
    structured = has_markdown(lines) or any(LIST_ITEM.match(l) for l in lines)
    told = sum(is_sentence(l) for l in lines)  # sentences in paragraphs of their own beside a list: a report
    if structured and (prose >= 1 or (paragraphs >= 3 and told >= 2)) or (paragraphs >= 2 and prose >= 2):
        return True
    return len(request.split()) >= LONG_WORDS and len(SENTENCE_END.findall(request)) >= 3


def decide(request: str) -> dict | None:
    """code for a pasted description; question when it closes by asking something ("… why does this fail?")."""
    if not is_description(request):
        return None
    last = lines_of(request)[-1]
    route = "question" if QUESTION_END.match(last) else "code"
    return {"route": route, "by": "rule"}
