"""A reply as a candidate: the file texts it would write, or why it writes none. Nothing is written here; verify
checks candidates in scratch copies."""
from codey.app.errors import NotText, PathEscape, TaskFailed
from codey.coder import edits
from codey.coder.context import DOCS, echoes_example
from codey.coder.spec import may_change


def candidate_of(reply: str, truncated: bool, spec: dict, workspace: str, backups: dict, tried: list[str] = (),
                 feedback: str = "", logprob: float = 0.0) -> dict:
    """A reply as the file texts it would write ({"files", "logprob"}, or an "error" when it writes none); nothing is
    written here. backups gains the texts of its files as they are (None: the file is new); tried are the files
    earlier attempts wrote, feedback why the last one failed."""
    try:
        found = edits_of(reply, truncated, spec, workspace, tried, feedback)
        texts = edits.new_texts(workspace, found, keep_docs=not spec["comments_may_change"])
    except NotText as e:  # no retry can edit it
        return {"files": {}, "logprob": logprob, "refused": True, "error": str(e)}
    except PathEscape as e:  # refused when the user asked for it; a path the model made up is only a mistake
        asked = spec["outside_asked"]
        return {"files": {}, "logprob": logprob, "refused": asked,
                "error": str(e) if asked else f"{e}; write paths relative to the project"}
    except TaskFailed as e:
        return {"files": {}, "logprob": logprob, "error": str(e)}
    for name in texts:
        backups.setdefault(name, edits.current(workspace, name))
    return {"files": texts, "logprob": logprob}


def edits_of(reply: str, truncated: bool, spec: dict, workspace: str, tried: list[str] = (),
             feedback: str = "") -> list[edits.Edit]:
    """The file edits a reply asks for, minus the ones the task did not ask for; raises TaskFailed when none are left.
    A block without a path goes to the file the task names or targets, else to the one earlier attempt's file the
    last failure names."""
    failing = [f for f in tried if f in feedback]
    code_files = [f for f in spec["files"] if f in spec["targets"] and not f.endswith(DOCS)]  # instructions are read
    default = ((spec["names"][0] if len(spec["names"]) == 1 else None) or spec["target"]
               or (code_files[0] if len(code_files) == 1 else None)
               or (failing[0] if len(failing) == 1 else None) or edits.new_file_name(reply, workspace))
    if truncated:
        raise TaskFailed("the reply was cut off (too long, or repeating itself); reply with just the changed code")
    parsed = edits.parse(reply, default)
    found = [e for e in parsed if may_change(spec, e.path, workspace) and not echoes_example(e.content)]
    if parsed and not found:
        raise TaskFailed(f"the reply only changed {parsed[0].path}, which the task does not ask to change; "
                         "change the code")
    if not found:
        raise TaskFailed("the reply had no file block (a file name line followed by a fenced code block)")
    return found
