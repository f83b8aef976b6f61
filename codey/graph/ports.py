"""What the nodes ask of the live objects in Context: the models, their chat, the terminal.

Protocols, so the lifecycle manager (codey/memory/lifecycle.py), the served chat (codey/memory/remote.py) and the
test suite's scripted fakes (tests/conftest.py) all fit without sharing a base class.
"""
from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any, Callable, Iterator, Mapping, Protocol, Sequence

from codey.app.config import ModelConfig, Settings

Guard = Callable[..., Any]  # a llama.cpp logits processor (codey/coder/brackets.py)


class Text(Protocol):
    """A streamed chunk or a whole reply: Codey's models answer in text only."""

    content: str


class Candidate(Protocol):
    """One of several replies drawn from one prompt (codey/memory/batch.py)."""

    text: str
    tokens: int
    logprob: float  # mean log-probability of its tokens
    finish: str  # "stop" or "length"


class Chat(Protocol):
    """A chat model. Messages are (role, text) pairs or langchain messages."""

    @property
    def continues_prefill(self) -> bool:
        """True: a trailing assistant message is continued (LocalChat); False: it is asked for (ServedChat)."""

    def stream(self, messages: Sequence[Any], temperature: float = 0.0, **kwargs: Any) -> Iterator[Text]: ...

    def invoke(self, messages: Sequence[Any], **kwargs: Any) -> Text: ...


class LocalChat(Chat, Protocol):
    """A model loaded in this process: its prompt text can be rendered, for the lifecycle's batched sampling."""

    def render(self, messages: Sequence[Any]) -> str: ...


class ServedChat(Chat, Protocol):
    """A model behind an OpenAI-compatible server: candidates are concurrent requests."""

    def sample(self, messages: Sequence[Any], n: int, temperature: float) -> list[str]: ...


class Router(Protocol):
    def route(self, request: str) -> dict: ...


class Models(Protocol):
    """The lifecycle manager: loads models per role within the RAM budget and unloads them."""

    @property
    def settings(self) -> Settings: ...

    @property
    def resident(self) -> Mapping[str, object]:
        """The loaded models by role."""

    @property
    def load_times(self) -> Mapping[str, float]: ...

    def get(self, role: str) -> LocalChat | ServedChat: ...

    def spec(self, role: str) -> ModelConfig: ...

    def guards(self, role: str, prefill: str = "") -> list[Guard]: ...

    def sample(self, role: str, prompt: str, n: int, max_tokens: int | None = None, **options: Any) -> list[Candidate]:
        """n candidate replies to a rendered prompt, from a LocalChat's model."""

    def router(self) -> Router: ...

    def idle_roles(self, older_than_s: float = 0.0) -> list[str]: ...

    def unload(self, role: str) -> float:
        """Close the role's model; the RSS it gave back, in MB."""


class Console(Protocol):
    def input(self, prompt: str = "") -> str: ...


class UI(Protocol):
    """The terminal (codey/app/ui.py): messages, spinners, streamed tokens, diffs, questions."""

    @property
    def interactive(self) -> bool: ...

    @property
    def console(self) -> Console: ...

    def info(self, message: str) -> None: ...

    def show(self, text: str, title: str | None = None) -> None: ...

    def spinner(self, message: str) -> AbstractContextManager[None]: ...

    def token(self, text: str) -> None: ...

    def end_stream(self) -> None: ...

    def diff(self, path: str, old: str, new: str) -> None: ...

    def confirm(self, question: str) -> bool: ...

    def pause(self) -> None: ...
