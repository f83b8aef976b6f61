"""Everything Codey shows a person: spinners, progress bars, streamed tokens, diffs, summaries.

With --json all of it goes to stderr, so stdout holds only the JSON result.
"""
from __future__ import annotations

import difflib
import sys
from contextlib import contextmanager


class UI:
    def __init__(self, json_mode: bool = False, quiet: bool = False):
        self.json_mode, self.quiet = json_mode, quiet
        self.stream = sys.stderr if json_mode else sys.stdout
        self.interactive = sys.stdin.isatty() and self.stream.isatty()
        self._console = None

    @property
    def console(self):
        """rich's console, imported on first use: piped output of a quick command is plain text without it."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self.json_mode, highlight=False)
        return self._console

    def _plain(self) -> bool:
        return self._console is None and not self.stream.isatty()

    def info(self, message: str) -> None:
        if self.quiet:
            return
        print(message, file=self.stream) if self._plain() else self.console.print(message, markup=False)

    def error(self, message: str) -> None:
        if self.quiet:
            return
        if self._plain():
            print(f"error: {message}", file=self.stream)
        else:
            self.console.print(f"[bold red]error:[/] {message}", soft_wrap=True)

    def show(self, text: str, title: str | None = None) -> None:
        if self.quiet or not text:
            return
        if self._plain():
            print((f"── {title} ──\n" if title else "") + text.rstrip("\n"), file=self.stream)
            return
        if title:
            self.console.rule(title, style="dim")
        self.console.print(text, markup=False, highlight=False)

    @contextmanager
    def spinner(self, message: str):
        if self.quiet:
            yield
            return
        with self.console.status(message):
            yield

    def phase(self, message: str, left: float):
        """A spinner naming a step of the search for working code, with the time the request's budget has left."""
        return self.spinner(f"{message} ({duration(left)} left)")

    @contextmanager
    def progress(self, message: str, total: int):
        from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

        with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                      console=self.console, disable=self.quiet, transient=True) as bar:
            task = bar.add_task(message, total=total)
            yield lambda done, _total: bar.update(task, completed=done)

    def token(self, text: str) -> None:
        if not self.quiet:
            self.console.file.write(text)
            self.console.file.flush()

    def end_stream(self) -> None:
        self.token("\n")

    def diff(self, path: str, old: str, new: str) -> None:
        lines = list(difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"a/{path}", f"b/{path}"))
        if self.quiet or not lines:
            return
        from rich.syntax import Syntax

        self.console.print(Syntax("".join(lines), "diff", theme="ansi_dark", background_color="default"))

    def confirm(self, question: str) -> bool:
        from rich.prompt import Confirm

        return Confirm.ask(question, console=self.console, default=False)

    def pause(self) -> None:
        if self.interactive:
            self.console.input("[dim]Enter to continue…[/]")


def duration(seconds: float) -> str:
    """Seconds as a person reads them: 45s, 2m05s."""
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}m{rest:02d}s" if minutes else f"{rest}s"
