"""How a request is said: polite padding dropped, and its mood. Only an instruction acts.

A question ("… why?", "how do I …"), a pasted log or error output, or a bug report ("steps to reproduce",
"expected … actual") is answered: nothing in its wording is carried out, so "git push is failing with error 403,
why?" never pushes. The mood is read before any rule looks for a command in the words. A polite request is an
instruction: "could you run git status?" asks for work, its question mark is politeness.
"""
from __future__ import annotations

import re

from codey.router import natural, pasted, programs

POLITE = re.compile(
    r"^(?:(?:hey|hi|hello|ok|okay|so|now|codey|yo)[,!]?\s+)*(?:(?:please|pls|kindly|would you mind|do you mind|could you|can you|would you|will you|"
    r"i want you to|i'd like you to|i would like you to|i need you to|go ahead and|just|"
    r"por favor|bitte|s'il te plaît|s'il vous plaît|per favore)[,]?\s+)+"
    r"|(?:[,\s]+(?:please|pls|for me|thanks?(?: you)?(?: so much| a lot)?|thx|now|quickly|asap|right now|"
    r"if (?:it's|it is) not too much trouble|if you can|if possible|much appreciated|cheers|por favor|bitte|merci|grazie))+[.!?]*$",
    re.I,
)
ASKED = re.compile(r"^(?:(?:hey|hi|hello|ok|okay|so|codey)[,!]?\s+)*(?:could|can|would|will) you\b", re.I)
GREETING = re.compile(r"^(?:hey|hi|hello|dear|yo)(?:\s+(?:codey|there|team|all))?\s*[,!]\s+(?=\S)", re.I)  # "Hi Codey, …"
PLEASANTRY = re.compile(r"(?<=[?.!])\s+(?:thanks?|thank you|much appreciated|cheers|merci|gracias|danke|grazie|obrigad[oa])\b.*$", re.I)
GERUND = re.compile(r"^(show|list|display|print|read|open|creat|mak|delet|remov|mov|renam|copy|run|push|pull|commit|stag|add)(?:e?ing)\b", re.I)
VERBS = (
    "create make write add run commit push pull fix refactor delete remove switch checkout format test build install "
    "implement update generate rename move copy read show list stage open deploy lint init set put append execute "
    "start then finally check verify merge rebase tag bump document explain "
    "crea erstelle verschiebe lösche mueve borra haz ejecuta déplace supprime crée lance sposta elimina esegui "
    "cria mova apague rode upgrade downgrade reinstall stash clean tidy configure release publish"
).split()


def clean(request: str) -> str:
    """Drop polite padding ("hey, would you mind showing …? thanks!") and typos in command words."""
    text = GREETING.sub("", PLEASANTRY.sub("", " ".join(request.split()))).lstrip("¿¡")
    asked = ASKED.match(text)
    for _ in range(3):
        text = POLITE.sub("", text).strip()
    if asked:  # "could you fix the parser?" asks for work: its question mark is politeness
        text = text.rstrip("?").rstrip()
    text = GERUND.sub(lambda m: _verb(m.group(1)), text)
    return natural.fix_typos(text)


def _verb(stem: str) -> str:
    """showing → show, making → make, staging → stage."""
    stem = stem.lower()
    return stem + "e" if stem in ("creat", "mak", "delet", "remov", "mov", "renam", "stag") else stem


# A sentence that asks: by its question word. Not "do …" nor "when …": "do this in order: …" and "when the tests
# pass, push" are instructions.
QUESTION_START = re.compile(
    r"^(why|how|what|what's|whats|which|who|whom|whose|where|is|are|was|were|does|did|has|can|could|should|would|"
    r"will|am|may|might|do (?:i|we|you)|explain|describe|tell me|walk me through|"
    r"qué|cómo|por qué|dónde|cuál|pourquoi|où|quel|quelle|est-ce que|warum|wieso|welche|perché|dove|quale|"
    r"waarom|onde|qual)(?![\w-])", re.I)
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)|\s*\n\s*")
# Output a user pastes: a traceback, compiler and tool error lines, a failing test summary, a shell prompt
LOG = re.compile(r"^\s*(?:Traceback \(most recent call last\)|File \"[^\"]+\", line \d+|[\w.]*(?:Error|Exception)\b:|"
                 r"(?:error|fatal|panic|warning)(?:\[\w+\])?:|npm ERR!|FAILED |E {2,}\S|\$ \S|at [\w.$<>]+ ?\()", re.M | re.I)
BUG = re.compile(r"steps to reproduce|\bexpected\b.*\bactual\b", re.I | re.S)
# The finite verbs and negations of a sentence that tells what a command did ("pip install x fails …", "git push is
# failing"): a command line has none; a clause word before them ("the test that fails") makes them a relative clause.
FINITE = set("is are was were isn't aren't wasn't weren't does doesn't did didn't don't won't can't cannot couldn't "
             "keeps seems fails failed crashes crashed hangs hung breaks broke errors errored throws threw gives gave "
             "shows showed returns returned prints printed says said stops stopped works worked exits exited dies "
             "died not never nothing anymore".split())
CLAUSE = set("that which who when whenever if because so where while after before since until unless".split())
QUOTE = re.compile(r"(?<!\w)([\"'`])(.+?)\1(?!\w)")


def is_question(sentence: str) -> bool:
    return sentence.endswith("?") or bool(QUESTION_START.match(sentence))


def is_order(sentence: str) -> bool:
    words = sentence.lower().split()
    return bool(words) and words[0].strip(",:") in VERBS and not is_question(sentence)


def tells_of_a_command(sentence: str) -> bool:
    """A command as the subject of a sentence: "pip install requests fails behind a proxy", "make is broken"."""
    words = QUOTE.sub("_quoted_", re.sub(r"^(?:run|execute)\s+", "", sentence, flags=re.I)).split()
    if not words or not programs.known(words[0]):
        return False
    english = programs.is_english(words[0]) or words[0].lower() in VERBS
    for i, word in enumerate(words[1:], 1):
        plain = word.lower().strip(",.;:!?()")
        if words[i - 1].startswith("-") or plain in CLAUSE or english and plain in programs.SENTENCE_WORDS:
            return False  # an option's value, a relative clause, or an English imperative ("make sure the …")
        if plain in FINITE:
            return True
        if word.endswith((",", ";", ":")):
            return False
    return False


PLEA = re.compile(r"\bplease\b", re.I)
ADVERB = re.compile(r"^(?:also|then|just|and|now)\s+", re.I)


def own_words(request: str) -> list[str]:
    """The sentences the user wrote around a paste: not its code blocks, log lines or list items (a bug report's steps
    to reproduce are orders to whoever reproduces it, not to Codey)."""
    words, fenced = [], False
    for line in request.splitlines():
        if pasted.FENCE.match(line.strip()):
            fenced = not fenced
        elif not fenced and not LOG.match(line) and not pasted.LIST_ITEM.match(line.strip()):
            words += [s for s in SENTENCE.split(line.strip("#*> \t")) if s.strip()]
    return words


def asks_for_work(request: str) -> bool:
    return any(PLEA.search(s) or is_order(ADVERB.sub("", clean(s))) for s in own_words(request))


def of(request: str, described: bool) -> str | None:
    """"question" or "report" when the request is answered, None for an instruction. described: the text is a pasted
    description (a spec), whose own sentences may ask things; only its log or bug-report shape counts."""
    if LOG.search(request) or BUG.search(request):  # answered, unless the user's own words ask for work
        return None if asks_for_work(request) else "report"
    if described:
        return None
    sentences = [clean(s) for s in SENTENCE.split(request.strip()) if s.strip()]
    if any(is_question(s) for s in sentences) and not any(is_order(s) for s in sentences):
        return "question"
    return "report" if len(sentences) == 1 and tells_of_a_command(sentences[0]) else None
