"""code: the deep layer's drawing. Answers a question, or asks the coder for an attempt at the task: one streamed reply
first, several drawn together on a retry (codey/search/rounds.py); the replies become candidates (file texts) for
verify to check in scratch copies. Nothing is written to the project here."""
from langgraph.runtime import Runtime

from codey.coder.candidate import candidate_of
from codey.coder.context import build_messages
from codey.coder.reply import prefill_of, prose, stream_reply
from codey.coder.spec import read
from codey.graph.state import Context, State, current_task, update_task
from codey.search import candidates
from codey.search.rounds import RETRY_TEMPERATURES, before, draft, widen


def code(state: State, runtime: Runtime[Context]) -> dict:
    ctx, attempt = runtime.context, state.get("attempts", 0)
    chat = ctx.models.get("coder")
    backups = dict(state.get("backups") or {})
    touched = list(state.get("files_changed") or []) + [f for f in backups if f not in (state.get("files_changed") or [])]
    if not attempt or "spec" not in current_task(state):  # read once per task (a run saved before specs: on resume)
        spec = read(current_task(state)["request"], ctx.workspace, touched)
        state = {**state, "tasks": update_task(state, spec=spec)}
    task = current_task(state)
    baseline, feedback = (state.get("baseline") or {}, state.get("feedback") or "") if attempt else before(task, ctx)
    messages = build_messages(task, ctx.workspace, ctx.settings, feedback, touched)
    temperature = RETRY_TEMPERATURES[min(attempt, len(RETRY_TEMPERATURES) - 1)]
    if state.get("widen"):
        return widen(state, ctx, messages, backups)
    n = ctx.budget.affordable(state.get("steps") or [], ctx.settings.candidates)  # fewer when little time is left
    if attempt and task["route"] != "question" and n > 1 and candidates.small(ctx.workspace):
        return draft(state, ctx, messages, temperature, backups, n)
    start = ctx.budget.spent()
    guards = ctx.models.guards("coder", prefill_of(messages)) if task["route"] != "question" else []
    reply, n_tokens, truncated = stream_reply(chat, messages, ctx.ui, temperature, guards)
    seconds = ctx.budget.spent() - start
    step = {"node": "code", "attempt": attempt + 1, "tokens": n_tokens, "seconds": round(seconds, 2),
            "tok_s": round(n_tokens / seconds, 1) if seconds else 0, "temperature": temperature}
    if task["route"] == "question":
        return {"answer": reply.strip(), "result": {"ok": True},
                "tasks": update_task(state, output=reply.strip()[:4000]), "steps": [{**step, "status": "ok"}]}
    drawn = candidate_of(reply, truncated, task["spec"], ctx.workspace, backups, list(state.get("backups") or {}),
                         state.get("feedback") or "")
    failed = {k: drawn[k] for k in ("error", "refused") if k in drawn}
    would = [n for n, text in drawn["files"].items() if text != backups[n]]
    return {"result": {"ok": not failed, **failed}, "candidates": [] if failed else [drawn], "backups": backups,
            "baseline": baseline, "tasks": state["tasks"], "answer": prose(reply), "attempts": attempt + 1,
            "steps": [{**step, "status": "failed" if failed else "ok", "files": would, **failed}]}
