"""code: the deep layer. Answers questions, or writes files from the coder model's streamed reply."""
import time

from langgraph.runtime import Runtime

from codey import edits
from codey.context import build_messages, mentioned_files, workspace_files
from codey.errors import PathEscape, TaskFailed
from codey.graph.state import Context, State, current_task, update_task


def stream_reply(chat, messages, ui) -> tuple[str, int]:
    """Stream tokens to the terminal as they arrive; the edit is applied only once the reply is complete."""
    chunks = []
    for chunk in chat.stream(messages):
        chunks.append(chunk.content)
        ui.token(chunk.content)
    ui.end_stream()
    return "".join(chunks), len(chunks)


def code(state: State, runtime: Runtime[Context]) -> dict:
    ctx, task = runtime.context, current_task(state)
    chat = ctx.models.get("coder")
    budget = ctx.settings.coder.n_ctx * 2  # ~2 chars per token leaves room for the reply
    messages = build_messages(task, ctx.workspace, state.get("feedback"), budget)
    start = time.perf_counter()
    reply, n_tokens = stream_reply(chat, messages, ctx.ui)
    seconds = time.perf_counter() - start
    step = {"node": "code", "attempt": state.get("attempts", 0) + 1, "tokens": n_tokens,
            "seconds": round(seconds, 2), "tok_s": round(n_tokens / seconds, 1) if seconds else 0}
    if task["route"] == "question":
        return {"answer": reply.strip(), "result": {"ok": True},
                "tasks": update_task(state, output=reply.strip()[:4000]), "steps": [{**step, "status": "ok"}]}
    backups = dict(state.get("backups") or {})
    named = mentioned_files(task["request"], workspace_files(ctx.workspace))
    default = named[0] if len(named) == 1 else _new_file_in(task["request"])
    try:
        found = edits.parse(reply, default)
        if not found:
            raise TaskFailed("the reply had no file block (a file name line followed by a fenced code block)")
        changed = edits.apply(ctx.workspace, found, backups, ctx.ui)
        result = {"ok": True, "changed": changed}
    except PathEscape as e:
        result, changed = {"ok": False, "error": str(e), "refused": True}, []
    except TaskFailed as e:
        result, changed = {"ok": False, "error": str(e)}, []
    return {"result": result, "backups": backups, "files_changed": changed, "answer": _prose(reply),
            "attempts": state.get("attempts", 0) + 1,
            "steps": [{**step, "status": "ok" if result["ok"] else "failed", "files": changed,
                       **({"error": result["error"]} if not result["ok"] else {})}]}


def _new_file_in(request: str) -> str | None:
    found = edits.NAME.findall(request)
    return found[0] if len(found) == 1 else None


def _prose(reply: str) -> str:
    """The reply without its code blocks and their file-name lines."""
    lines = edits.FENCE.sub("", reply).splitlines()
    return "\n".join(l for l in lines if not edits.NAME.fullmatch(l.strip(" `*#:"))).strip()[:2000]
