"""code: the deep layer. Answers questions, or turns the coder model's streamed reply into file texts for verify to check
in a scratch copy (nothing is written to the project here)."""
import re

from langchain_core.messages import convert_to_messages
from langgraph.runtime import Runtime

from codey.search import candidates
from codey.coder import edits, own_tests
from codey.checks import verdicts
from codey.coder.context import DOCS, build_messages, echoes_example
from codey.coder.spec import may_change, read
from codey.app.errors import NotText, PathEscape, TaskFailed
from codey.graph.state import Context, State, current_task, update_task
from codey.memory.batch import looping

RETRY_TEMPERATURES = (0.0, 0.6, 0.8)  # greedy first; a retry that repeats the same reply is wasted
DOUBTED = 2  # the model's tests an attempt must fail before more candidates are drawn (code.doubted)


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
    drawn = candidate_of(reply, truncated, state, ctx, backups)
    failed = {k: drawn[k] for k in ("error", "refused") if k in drawn}
    would = [n for n, text in drawn["files"].items() if text != backups[n]]
    return {"result": {"ok": not failed, **failed}, "candidates": [] if failed else [drawn], "backups": backups,
            "baseline": baseline, "tasks": state["tasks"], "answer": _prose(reply), "attempts": attempt + 1,
            "steps": [{**step, "status": "failed" if failed else "ok", "files": would, **failed}]}


def candidate_of(reply: str, truncated: bool, state: State, ctx: Context, backups: dict, logprob: float = 0.0) -> dict:
    """A reply as the file texts it would write ({"files", "logprob"}, or an "error" when it writes none); nothing is
    written here. backups gains the texts of its files as they are (None: the file is new)."""
    spec = current_task(state)["spec"]
    try:
        found = edits_of(reply, truncated, state, ctx)
        texts = edits.new_texts(ctx.workspace, found, keep_docs=not spec["comments_may_change"])
    except NotText as e:  # no retry can edit it
        return {"files": {}, "logprob": logprob, "refused": True, "error": str(e)}
    except PathEscape as e:  # refused when the user asked for it; a path the model made up is only a mistake
        asked = spec["outside_asked"]
        return {"files": {}, "logprob": logprob, "refused": asked,
                "error": str(e) if asked else f"{e}; write paths relative to the project"}
    except TaskFailed as e:
        return {"files": {}, "logprob": logprob, "error": str(e)}
    for name in texts:
        backups.setdefault(name, edits.current(ctx.workspace, name))
    return {"files": texts, "logprob": logprob}


def edits_of(reply: str, truncated: bool, state: State, ctx: Context) -> list[edits.Edit]:
    """The file edits a reply asks for, minus the ones the task did not ask for; raises TaskFailed when none are left."""
    spec, backups = current_task(state)["spec"], state.get("backups") or {}
    failing = [f for f in backups if f in (state.get("feedback") or "")]
    code_files = [f for f in spec["files"] if f in spec["targets"] and not f.endswith(DOCS)]  # instructions are read
    default = ((spec["names"][0] if len(spec["names"]) == 1 else None) or spec["target"]
               or (code_files[0] if len(code_files) == 1 else None)
               or (failing[0] if len(failing) == 1 else None) or edits.new_file_name(reply, ctx.workspace))
    if truncated:
        raise TaskFailed("the reply was cut off (too long, or repeating itself); reply with just the changed code")
    parsed = edits.parse(reply, default)
    found = [e for e in parsed if may_change(spec, e.path, ctx.workspace) and not echoes_example(e.content)]
    if parsed and not found:
        raise TaskFailed(f"the reply only changed {parsed[0].path}, which the task does not ask to change; "
                         "change the code")
    if not found:
        raise TaskFailed("the reply had no file block (a file name line followed by a fenced code block)")
    return found


def widen(state: State, ctx: Context, messages, backups: dict) -> dict:
    """The last attempt passed, but no tests checked what its code does: the model writes tests from the task. When
    the attempt fails two or more (doubted), they choose between it and more candidates drawn for the same prompt.
    The attempt's files come from the state: it has not been applied."""
    passed = state.get("passed") or {}
    with ctx.ui.phase("writing tests from the task", ctx.budget.left()):
        tests = own_tests.write(ctx.models.get("coder"), messages, passed)
    ctx.ui.info(f"wrote {len(tests)} tests from the task" + (": " + "; ".join(f"{c} == {e}" for c, e in tests[:3])
                                                             + ("; …" if len(tests) > 3 else "") if tests else ""))
    kept = {"files": passed, "logprob": 0.0}  # sampled candidates score below 0: ties go to the greedy attempt
    n = ctx.budget.affordable(state.get("steps") or [], ctx.settings.candidates - 1)
    if not n or not doubted(kept, tests, backups, ctx):
        return {"candidates": [kept], "own_tests": tests, "result": {"ok": True}, "backups": backups,
                "widen": False, "attempts": state.get("attempts", 0) + 1}
    update = draft(state, ctx, messages, RETRY_TEMPERATURES[1], backups, n)
    update.pop("answer")  # the answer stays the first attempt's
    return {**update, "candidates": [kept, *update["candidates"]], "own_tests": tests, "widen": False}


def doubted(candidate: dict, tests: list, backups: dict, ctx: Context) -> bool:
    """Whether the candidate fails enough of the model's tests to be worth drawing more: two or more. The tests are
    guesses, and one failing is more often the guess's mistake than the code's (of 12 HumanEval first attempts that
    failed one of five, 11 were right, and no candidate drawn for them replaced one)."""
    if len(tests) < DOUBTED:
        return False
    found = candidates.trial(candidate, list(backups), ctx.workspace, ctx.settings, ctx.project, tests)
    passed, written = found["checks"].get("own_tests", [0, 0])
    return written - passed >= DOUBTED


def draft(state: State, ctx: Context, messages, temperature: float, backups: dict, n: int) -> dict:
    """A retry: several candidate replies drawn together, each turned into file texts (nothing is written here);
    verify checks them in scratch copies and applies the best."""
    attempt = state.get("attempts", 0)
    start = ctx.budget.spent()
    # a retry's reply is about as long as the first one that wrote a file; a longer one is going astray
    first = next((s["tokens"] for s in reversed(state.get("steps") or []) if s.get("node") == "code"
                  and "candidates" not in s and s.get("files")), 0)
    max_tokens = min(ctx.settings.coder.max_tokens, max(512, 3 * first) if first else ctx.settings.coder.max_tokens)
    with ctx.ui.phase(f"drawing {n} candidate replies", ctx.budget.left()):
        replies = draw(ctx, messages, n, temperature, max_tokens, seed=attempt * n)
    seconds = ctx.budget.spent() - start
    drawn = [candidate_of(r["text"], r["truncated"], state, ctx, backups, r["logprob"]) for r in replies]
    tokens = sum(r["tokens"] for r in replies)
    step = {"node": "code", "attempt": attempt + 1, "tokens": tokens, "seconds": round(seconds, 2),
            "tok_s": round(tokens / seconds, 1) if seconds else 0, "temperature": temperature,
            "candidates": len(drawn), "status": "ok"}
    return {"candidates": drawn, "result": {"ok": True}, "backups": backups, "answer": _prose(replies[0]["text"]),
            "attempts": attempt + 1, "steps": [step]}


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


def before(task: dict, ctx: Context) -> tuple[dict, str]:
    """For a bug fix, the project's failing tests are the best evidence: run them once before the first attempt, in a
    scratch copy. The run is also the baseline the attempts are judged against (verify runs it when it must)."""
    if task["route"] != "code" or task["spec"]["kind"] != "bug" or not ctx.project.runner:
        return {}, ""
    found = candidates.baseline(ctx.workspace, ctx.settings, ctx.project)
    if found["checks"].get("tests") != "failed":
        return verdicts.record(found["checks"]), ""
    return verdicts.record(found["checks"]), "Before any change, the project's tests fail like this:\n" + found["problems"][-1][-2500:]


def _prose(reply: str) -> str:
    """The reply without its code blocks and their file-name lines."""
    lines = edits.SEARCH_REPLACE.sub("", edits.FENCE.sub("", reply)).splitlines()
    return "\n".join(l for l in lines if not edits.NAME.fullmatch(l.strip(" `*#:"))).strip()[:2000]
