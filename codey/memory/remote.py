"""The coder on a server: any OpenAI-compatible endpoint through langchain-openai's ChatOpenAI, used exactly like the
in-process PrefillChat (stream, invoke, the planner's schema), plus sample() for several candidates at once.

Prefills: an OpenAI chat server opens a new assistant turn after the messages; it does not continue a trailing
assistant message (only some servers do, each its own way). So a prefill is never sent: it becomes the last line
of the user's turn ("Begin your reply with: …"), and the model's whole reply, with its own file-name line and
fenced block, is what codey/coder/edits/ parses (continues_prefill = False tells codey/coder/reply.py).

Structured output (the planner's JSON plan): response_format "json_schema", the OpenAI standard that llama-server,
vLLM and Ollama constrain decoding with. A server that rejects it (llama-cpp-python's server) gets a forced call
of a tool whose parameters are the schema instead; the first plan learns which one the server takes.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar

from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage
from langchain_core.outputs import ChatGenerationChunk
from langchain_openai import ChatOpenAI
from pydantic import PrivateAttr

from codey.app.config import ModelConfig
from codey.app.errors import ServerFailed
from codey.memory import server


def connect(spec: ModelConfig) -> "RemoteChat":
    """Check the server (it answers and lists the model), then a client for it; no weights are loaded here."""
    server.check(spec)
    return RemoteChat(spec=spec, base_url=spec.base_url, model=spec.model, api_key=server.api_key(spec),
                      timeout=spec.timeout_s, max_retries=0, max_tokens=spec.max_tokens, temperature=0.0,
                      streaming=True, extra_body=spec.extra_body or None)


def spoken(messages: list) -> list:
    """A trailing assistant message (a prefill) asked for at the end of the user's turn instead."""
    if not messages or not isinstance(messages[-1], AIMessage):
        return messages
    *head, prefill = messages
    ask = f"\n\nBegin your reply with:\n{prefill.content}"
    if head and isinstance(head[-1], HumanMessage):
        return [*head[:-1], HumanMessage(head[-1].content + ask)]
    return [*head, HumanMessage(ask.strip())]


class RemoteChat(ChatOpenAI):
    continues_prefill: ClassVar[bool] = False
    spec: Any = None  # the role's ModelConfig: URL, timeout and context for error messages
    _structured: str = PrivateAttr("json_schema")  # or "tool", once the server has rejected json_schema

    def _get_request_payload(self, input_, *, stop=None, **kwargs) -> dict:
        payload = super()._get_request_payload(input_, stop=stop, **kwargs)
        if "max_completion_tokens" in payload:  # OpenAI's new name; servers (llama.cpp's among them) read max_tokens
            payload["max_tokens"] = payload.pop("max_completion_tokens")
        return payload

    def _stream(self, messages, stop=None, run_manager=None, **kwargs):
        schema = (kwargs.pop("response_format", None) or {}).get("schema")  # the planner's llama.cpp-style request
        messages = spoken(messages)
        if not schema:
            yield from self._checked(messages, stop, run_manager, **kwargs)
            return
        sent = False
        try:
            for chunk in self._checked(messages, stop, run_manager, **kwargs, **self._constrain(schema)):
                sent = True
                yield chunk
        except ServerFailed:
            if sent or self._structured != "json_schema":
                raise
            self._structured = "tool"  # e.g. llama-cpp-python's server: response_format is text or json_object only
            yield from self._checked(messages, stop, run_manager, **kwargs, **self._constrain(schema))

    def _constrain(self, schema: dict) -> dict:
        if self._structured == "json_schema":
            return {"response_format": {"type": "json_schema", "json_schema": {"name": "reply", "schema": schema}}}
        return {"tools": [{"type": "function", "function": {"name": "reply", "parameters": schema}}],
                "tool_choice": {"type": "function", "function": {"name": "reply"}}}

    def _checked(self, messages, stop, run_manager, **kwargs):
        """ChatOpenAI's stream as plain text chunks (a tool call's arguments are the text), with failures explained
        and a stream that ends without a finish reason reported as cut off."""
        import httpx
        import openai

        received = started = finished = False
        try:
            for chunk in super()._stream(messages, stop, run_manager, **kwargs):
                received, message = True, chunk.message
                text = message.content or "".join(c.get("args") or "" for c in getattr(message, "tool_call_chunks", []))
                started = started or bool(text)
                finished = finished or bool((chunk.generation_info or {}).get("finish_reason"))
                yield ChatGenerationChunk(message=AIMessageChunk(content=text), generation_info=chunk.generation_info)
        except (openai.APIError, httpx.HTTPError) as e:
            if received or not server.dropped(e):
                raise server.explain(e, self.spec, started) from None
        if not received:  # dropped before its first event (llama-cpp-python's server on a context overflow)
            yield self._unstreamed(messages, stop, **kwargs)
        elif not finished:
            raise server.cut_off(self.spec)

    def _unstreamed(self, messages, stop, **kwargs) -> ChatGenerationChunk:
        """The same request without streaming: the reply as one chunk, or the server's real error."""
        import httpx
        import openai

        payload = {**self._get_request_payload(messages, stop=stop, **kwargs), "stream": False}
        try:
            # one retry: the failed stream may have left a dead keep-alive connection in the pool
            client = self.root_client.with_options(max_retries=1)
            choice = client.chat.completions.create(**payload).choices[0]
        except (openai.APIError, httpx.HTTPError) as e:
            raise server.explain(e, self.spec) from None
        text = choice.message.content or "".join(c.function.arguments for c in choice.message.tool_calls or [])
        return ChatGenerationChunk(message=AIMessageChunk(content=text),
                                   generation_info={"finish_reason": choice.finish_reason})

    def sample(self, messages, n: int, temperature: float) -> list[str]:
        """n replies drawn as n concurrent requests: a server with parallel slots (llama-server -np, vLLM) decodes
        them together; one without queues them."""
        with ThreadPoolExecutor(max_workers=n) as pool:
            replies = pool.map(lambda _: self.invoke(messages, temperature=temperature).content, range(n))
            return list(replies)
