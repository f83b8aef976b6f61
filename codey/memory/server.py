"""Talking to a coder served over the OpenAI API: its key, the /models check, and its failures as one-line errors."""
from __future__ import annotations

import os

from codey.app.config import ModelConfig
from codey.app.errors import CodeyError, ServerFailed, ServerMisconfigured

NO_KEY = "none"  # local servers want no key; sending a dummy keeps the user's OPENAI_API_KEY from leaking to them
CONTEXT_FULL = ("context_length_exceeded", "exceed_context_size", "maximum context length", "context window",
                "prompt is too long", "too many tokens")


def api_key(spec: ModelConfig) -> str:
    if not spec.api_key_env:
        return NO_KEY
    key = os.environ.get(spec.api_key_env)
    if not key:
        raise ServerMisconfigured(f"coder.api_key_env names {spec.api_key_env}, which is not set; export it with "
                                  f"the key for {spec.base_url}")
    return key


def check(spec: ModelConfig) -> list[str]:
    """The model ids the server lists; raises unless it answers and lists the configured model."""
    import httpx

    url = f"{spec.base_url}/models"
    try:
        reply = httpx.get(url, headers={"Authorization": f"Bearer {api_key(spec)}"}, timeout=min(spec.timeout_s, 30))
    except httpx.HTTPError as e:
        raise explain(e, spec) from None
    if reply.status_code in (401, 403):
        raise explain_status(reply.status_code, reply.text, spec)
    try:
        ids = [m["id"] for m in reply.json()["data"]]
    except (ValueError, KeyError, TypeError):
        raise ServerMisconfigured(f"{url} answered {reply.status_code} without a model list: coder.base_url must be "
                                  "the server's OpenAI API root (it usually ends in /v1)") from None
    if spec.model not in ids:
        raise ServerMisconfigured(f"the server at {spec.base_url} does not serve model '{spec.model}' (it lists: "
                                  f"{', '.join(ids) or 'nothing'}); set coder.model in config.json to one of them")
    return ids


def explain(error: Exception, spec: ModelConfig, started: bool = False) -> CodeyError:
    """A transport or API failure as the error the user sees: what happened at which URL, and the fix."""
    import httpx
    import openai

    url = spec.base_url
    if isinstance(error, (openai.APITimeoutError, httpx.TimeoutException)):
        return ServerFailed(f"the server at {url} sent nothing for {spec.timeout_s:g} s (coder.timeout_s); "
                            "when it answers again, continue with --resume (or raise coder.timeout_s)")
    if started:  # the connection broke after the reply began
        return cut_off(spec)
    if isinstance(error, openai.APIStatusError):
        return explain_status(error.status_code, str(error.message), spec)
    if isinstance(error, (openai.APIConnectionError, httpx.HTTPError)):
        cause = error.__cause__ or error
        return ServerMisconfigured(f"cannot reach the server at {url} ({_first_line(str(cause)) or 'no answer'}); "
                                   "start it, or fix coder.base_url in config.json")
    return ServerFailed(f"the server at {url} failed the request ({_first_line(str(error))}); check its log, then "
                        "continue with --resume")


def dropped(error: Exception) -> bool:
    """The connection broke (as opposed to a timeout or an answer): worth asking once more, unstreamed."""
    import httpx
    import openai

    return (isinstance(error, (openai.APIConnectionError, httpx.TransportError))
            and not isinstance(error, (openai.APITimeoutError, httpx.TimeoutException)))


def explain_status(status: int, message: str, spec: ModelConfig) -> CodeyError:
    url, detail = spec.base_url, _first_line(message)
    if any(marker in message.lower() for marker in CONTEXT_FULL):
        return ServerMisconfigured(f"the prompt does not fit the context of the server at {url} ({detail}); set "
                                   f"coder.n_ctx (now {spec.n_ctx}) to the context the server was started with, "
                                   "or restart it with a larger one")
    if status in (401, 403):
        return ServerMisconfigured(f"the server at {url} refused the key ({status}); put a valid key in the "
                                   "environment variable named by coder.api_key_env")
    if status == 404:
        return ServerMisconfigured(f"the server at {url} has no model '{spec.model}' or no chat API there (404: "
                                   f"{detail}); check coder.model and coder.base_url (it usually ends in /v1)")
    return ServerFailed(f"the server at {url} failed the request ({status}: {detail}); check its log, then "
                        "continue with --resume")


def cut_off(spec: ModelConfig) -> ServerFailed:
    return ServerFailed(f"the reply from {spec.base_url} was cut off mid-stream (the server closed it before the "
                        "end); nothing was changed. Check the server's log (llama-cpp-python's server needs "
                        "--interrupt_requests False), then continue with --resume")


def _first_line(text: str, limit: int = 160) -> str:
    line = next((l.strip() for l in text.splitlines() if l.strip()), "")
    return line[:limit] + ("…" if len(line) > limit else "")
