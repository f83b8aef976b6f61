"""The compile check: every changed Python file must parse. A syntax error that escaping one quote on its line would
fix gets a hint naming that string: the string ends at a quote meant to be inside it (`'don't'`,
`r'(?:'[a-z]+)'`), which small models write often and repeat on retry unless told where the string really ends."""
from __future__ import annotations

import io
import tokenize
from dataclasses import dataclass

from codey.checks.result import Check, File, Given, Result


@dataclass
class Stage(Result):
    """A stage a file gets through (compile, load) or not: not a check of behaviour, so it is counted into the
    report's list of the files that got that far (key), not into passed and failed."""
    key: str = ""

    def into(self, report: dict) -> None:
        report["behaviour"] += self.behaviour
        if not self.problems:
            report[self.key].append(self.file)


def run(file: File, given: Given) -> Stage:
    try:
        compile(file.text, file.name, "exec")
    except SyntaxError as e:
        problem = (f"{file.name} does not compile: {e.msg} (line {e.lineno})\n{(e.text or '').rstrip()}"
                   + early_quote(file.text, e.lineno))
        return Stage("compile", file.name, failed=1, problems=[problem], behaviour=[f"{file.name} does not compile"],
                     key="compiled")
    return Stage("compile", file.name, passed=1, key="compiled")


def early_quote(text: str, lineno: int | None) -> str:
    """The hint for a syntax error on a line where escaping the closing quote of one of its strings makes the file
    parse (or moves the error off that line): that string ends at a quote meant to be inside it."""
    lines = text.splitlines(keepends=True)
    if not lineno or lineno > len(lines):
        return ""
    line = lines[lineno - 1]
    for token in strings(line):
        end = token.end[1] - 1
        fixed = lines[:lineno - 1] + [line[:end] + "\\" + line[end:]] + lines[lineno:]
        try:
            compile("".join(fixed), "<hint>", "exec")
        except SyntaxError as e:
            if e.lineno == lineno:
                continue
        other = '"' if token.string[-1] == "'" else "'"
        return (f"\nThe string {token.string} ends at a quote meant to be inside it: write it with the other "
                f"quotes ({other}…{other}) or escape that quote.")
    return ""


def strings(line: str) -> list[tokenize.TokenInfo]:
    """The one-line string literals of a line, as far as it tokenizes."""
    found = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(line).readline):
            if token.type == tokenize.STRING and token.start[0] == token.end[0] == 1:
                found.append(token)
    except (tokenize.TokenError, SyntaxError):
        pass
    return found


CHECK = Check("compile", lambda file, given: True, run, gate=True)
