"""code: the deep layer. Answers questions, or writes files from the coder model's streamed reply."""
import time

from langgraph.runtime import Runtime

from codey import edits
from codey.context import EXAMPLE_PATH, build_messages, relevant_files, repo_map, workspace_files
from codey.errors import PathEscape, TaskFailed
from codey.graph.state import Context, State, current_task, update_task

RETRY_TEMPERATURES = (0.0, 0.4, 0.7)  # greedy first; a retry that repeats the same reply is wasted


def stream_reply(chat, messages, ui, temperature: float) -> tuple[str, int, bool]:
    """Stream tokens to the terminal as they arrive; the edit is applied only once the reply is complete."""
    chunks, truncated = [], False
    for chunk in chat.stream(messages, temperature=temperature):
        chunks.append(chunk.content)
        ui.token(chunk.content)
        truncated |= (chunk.response_metadata or {}).get("finish_reason") == "length"
    ui.end_stream()
    return "".join(chunks), len(chunks), truncated


def code(state: State, runtime: Runtime[Context]) -> dict:
    ctx, task = runtime.context, current_task(state)
    chat = ctx.models.get("coder")
    attempt = state.get("attempts", 0)
    backups = dict(state.get("backups") or {})
    touched = list(state.get("files_changed") or []) + [f for f in backups if f not in (state.get("files_changed") or [])]
    messages = build_messages(task, ctx.workspace, ctx.settings, state.get("feedback"), touched)
    start = time.perf_counter()
    temperature = RETRY_TEMPERATURES[min(attempt, len(RETRY_TEMPERATURES) - 1)]
    reply, n_tokens, truncated = stream_reply(chat, messages, ctx.ui, temperature)
    seconds = time.perf_counter() - start
    step = {"node": "code", "attempt": attempt + 1, "tokens": n_tokens, "seconds": round(seconds, 2),
            "tok_s": round(n_tokens / seconds, 1) if seconds else 0, "temperature": temperature}
    if task["route"] == "question":
        return {"answer": reply.strip(), "result": {"ok": True},
                "tasks": update_task(state, output=reply.strip()[:4000]), "steps": [{**step, "status": "ok"}]}
    files = workspace_files(ctx.workspace)
    named = relevant_files(task["request"], files, repo_map(ctx.workspace, files, 10_000)[1], [])
    failing = [f for f in backups if f in (state.get("feedback") or "")]
    default = named[0] if len(named) == 1 else failing[0] if len(failing) == 1 else _new_file_in(task["request"])
    try:
        if truncated:
            raise TaskFailed("the reply was cut off at max_tokens; make a smaller change or use SEARCH/REPLACE blocks")
        found = edits.parse(reply, default)
        if any(e.path == EXAMPLE_PATH for e in found) and EXAMPLE_PATH not in task["request"]:
            raise TaskFailed(f"{EXAMPLE_PATH} is only the format example; use the file names the task needs")
        if not found:
            raise TaskFailed("the reply had no file block (a file name line followed by a fenced code block)")
        changed = edits.apply(ctx.workspace, found, backups, ctx.ui)
        result = {"ok": True, "changed": changed}
    except PathEscape as e:
        result, changed = {"ok": False, "error": str(e), "refused": True}, []
    except TaskFailed as e:
        result, changed = {"ok": False, "error": str(e)}, []
    return {"result": result, "backups": backups, "files_changed": changed, "answer": _prose(reply),
            "attempts": attempt + 1,
            "steps": [{**step, "status": "ok" if result["ok"] else "failed", "files": changed,
                       **({"error": result["error"]} if not result["ok"] else {})}]}


def _new_file_in(request: str) -> str | None:
    found = edits.NAME.findall(request)
    return found[0] if len(found) == 1 else None


def _prose(reply: str) -> str:
    """The reply without its code blocks and their file-name lines."""
    lines = edits.SEARCH_REPLACE.sub("", edits.FENCE.sub("", reply)).splitlines()
    return "\n".join(l for l in lines if not edits.NAME.fullmatch(l.strip(" `*#:"))).strip()[:2000]
