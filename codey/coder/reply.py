"""The coder's replies: one streamed to the terminal as it arrives, or several drawn together for a retry."""
import re

from langchain_core.messages import convert_to_messages

from codey.coder import edits
from codey.graph.state import Context
from codey.memory.batch import looping


def stream_reply(chat, messages, ui, temperature: float, guards=()) -> tuple[str, int, bool]:
    """Stream tokens to the terminal as they arrive; the edit is applied only once the reply is complete.

    A trailing assistant message is a prefill: the model continues it, and the reply includes it (a served model
    is asked to begin with it instead, and its reply is complete). The third value is True when the reply was cut
    off: by max_tokens, or stopped because it was looping."""
    prefill = prefill_of(messages) if chat.continues_prefill else ""
    chunks, truncated = [prefill], False
    ui.token(prefill)
    extra = {"logits_processor": list(guards)} if guards else {}
    for chunk in chat.stream(messages, temperature=temperature, **extra):
        chunks.append(chunk.content)
        ui.token(chunk.content)
        truncated |= (chunk.response_metadata or {}).get("finish_reason") == "length"
        if len(chunks) % 32 == 0 and looping("".join(chunks)):
            truncated = True
            break
        if "```" in prefill and "\n" in chunk.content and prose_after_block("".join(chunks)):
            break
    ui.end_stream()
    return "".join(chunks), len(chunks) - 1, truncated


def prefill_of(messages) -> str:
    """The start of the reply that Codey wrote itself (a trailing assistant message), if any."""
    return messages[-1][1] if messages[-1][0] == "assistant" else ""


def prose_after_block(text: str) -> bool:
    """After the prefilled file block closes, only another file block is worth waiting for, not commentary."""
    closed = re.search(r"\n```[ \t]*\n(.*)", text, re.S)
    rest = closed.group(1).lstrip() if closed else ""
    return "\n" in rest and not edits.NAME.fullmatch(rest.split("\n", 1)[0].strip(" `*#:"))


def draw(ctx: Context, messages, n: int, temperature: float, max_tokens: int, seed: int = 0) -> list[dict]:
    """n replies to one prompt: from one llama.cpp batch (seeded, so a run can be repeated), or as parallel requests
    to a served coder."""
    chat = ctx.models.get("coder")
    if not chat.continues_prefill:
        return [{"text": t, "logprob": 0.0, "truncated": False, "tokens": 0} for t in chat.sample(messages, n, temperature)]
    prefill = prefill_of(messages)
    prompt = chat.render(convert_to_messages(messages if prefill else [*messages, ("assistant", "")]))
    # a prefill opens the target file's block: its reply is complete when the block closes (as in stream_reply)
    stop = ["\n```\n"] if "```" in prefill else []
    found = ctx.models.sample("coder", prompt, n, max_tokens, temperature=temperature, stop=stop, seed=seed,
                              guards=lambda: ctx.models.guards("coder", prefill))
    return [{"text": prefill + c.text, "logprob": c.logprob, "truncated": c.finish == "length", "tokens": c.tokens}
            for c in found]


def prose(reply: str) -> str:
    """The reply without its code blocks and their file-name lines."""
    lines = edits.SEARCH_REPLACE.sub("", edits.FENCE.sub("", reply)).splitlines()
    return "\n".join(l for l in lines if not edits.NAME.fullmatch(l.strip(" `*#:"))).strip()[:2000]
