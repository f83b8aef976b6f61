"""Issue 40, bytes kept and secrets out of saved state: outcomes asserted on the bytes and modes on disk."""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from codey.coder import edits
from codey.workspace import undo
from codey.app.errors import NotText, Refused, TaskFailed
from codey.app.ui import UI

ROOT = Path(__file__).resolve().parent.parent
CRLF = b"def add(a, b):\r\n    return a - b\r\n\r\n\r\ndef sub(a, b):\r\n    return a - b\r\n"
FIXED = b"def add(a, b):\r\n    return a + b\r\n\r\n\r\ndef sub(a, b):\r\n    return a - b\r\n"
WHOLE = "calc.py\n```python\ndef add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n```\n"
SEARCH = "calc.py\n<<<<<<< SEARCH\ndef add(a, b):\n    return a - b\n=======\ndef add(a, b):\n    return a + b\n>>>>>>> REPLACE\n"


def apply(workspace, reply, backups=None):
    return edits.apply(str(workspace), edits.parse(reply), {} if backups is None else backups, UI(quiet=True))


def mode(path):
    return path.stat().st_mode & 0o777


def undo_files(workspace):
    return [p for p in (workspace / ".codey" / "undo").rglob("*") if p.is_file()]


@pytest.mark.parametrize("reply", [WHOLE, SEARCH], ids=["whole-file", "search-replace"])
def test_a_crlf_file_stays_crlf_after_an_edit_and_restore_gives_back_its_bytes(workspace, reply):
    (workspace / "calc.py").write_bytes(CRLF)
    backups = {}
    assert apply(workspace, reply, backups) == ["calc.py"]
    assert (workspace / "calc.py").read_bytes() == FIXED
    edits.restore(str(workspace), backups)
    assert (workspace / "calc.py").read_bytes() == CRLF


def test_a_crlf_file_edited_through_the_graph_stays_crlf_and_undo_gives_back_its_bytes(run_graph, workspace):
    (workspace / "calc.py").write_bytes(CRLF)
    outcome, _ = run_graph("make add in calc.py return a + b", workspace, [WHOLE])
    assert outcome["state"]["status"] == "done"
    assert (workspace / "calc.py").read_bytes() == FIXED
    undo.undo_last(str(workspace))
    assert (workspace / "calc.py").read_bytes() == CRLF


def test_failed_attempts_put_back_the_exact_bytes(run_graph, workspace):
    original = b"\xef\xbb\xbfprint('original')\r\n"
    (workspace / "hello.py").write_bytes(original)
    broken = 'hello.py\n```python\nprint("hello world"\n```\n'
    outcome, _ = run_graph("make hello.py print hello world", workspace, [broken, broken], max_attempts=2)
    assert outcome["state"]["status"] == "failed"
    assert (workspace / "hello.py").read_bytes() == original


def test_a_mixed_file_changes_only_the_edited_lines_which_take_the_dominant_ending(workspace):
    (workspace / "m.py").write_bytes(b"a = 1\r\nb = 2\nc = 3\r\nd = 4\r\n")
    apply(workspace, "m.py\n<<<<<<< SEARCH\nc = 3\n=======\nc = 30\nc2 = 31\n>>>>>>> REPLACE\n")
    assert (workspace / "m.py").read_bytes() == b"a = 1\r\nb = 2\nc = 30\r\nc2 = 31\r\nd = 4\r\n"


def test_a_file_that_is_not_utf8_is_refused_and_left_unchanged(workspace):
    latin = "# café\nx = 1\n".encode("latin-1")
    (workspace / "old.py").write_bytes(latin)
    with pytest.raises(NotText, match="old.py"):
        apply(workspace, "old.py\n```python\n# cafe\nx = 2\n```\n")
    assert (workspace / "old.py").read_bytes() == latin


def test_a_file_that_is_not_utf8_is_refused_at_once_without_a_retry_or_a_traceback(run_graph, workspace):
    latin = "# café\nx = 1\n".encode("latin-1")
    (workspace / "old.py").write_bytes(latin)
    outcome, models = run_graph("change x to 2 in old.py", workspace, ["old.py\n```python\nx = 2\n```\n"] * 3)
    assert outcome["state"]["status"] == "refused" and len(models.chat.prompts) == 1
    assert (workspace / "old.py").read_bytes() == latin


def test_a_utf8_bom_is_kept(workspace):
    (workspace / "b.py").write_bytes(b"\xef\xbb\xbfx = 1\n")
    apply(workspace, "b.py\n```python\nx = 2\n```\n")
    assert (workspace / "b.py").read_bytes() == b"\xef\xbb\xbfx = 2\n"


@pytest.mark.parametrize("reply", ["n.txt\n```text\nfirst\nsecond\n```\n",
                                   "n.txt\n<<<<<<< SEARCH\nfirst\n=======\nfirst\nsecond\n>>>>>>> REPLACE\n"])
def test_a_file_without_a_final_newline_keeps_none(workspace, reply):
    (workspace / "n.txt").write_bytes(b"first")
    apply(workspace, reply)
    assert (workspace / "n.txt").read_bytes() == b"first\nsecond"


def test_an_executable_script_stays_executable_after_an_edit_and_after_undo(run_graph, workspace):
    script = workspace / "run.py"
    script.write_text("#!/usr/bin/env python3\nprint(1)\n")
    script.chmod(0o755)
    outcome, _ = run_graph("change run.py to print 2", workspace, ["run.py\n```python\n#!/usr/bin/env python3\nprint(2)\n```\n"])
    assert outcome["state"]["status"] == "done" and mode(script) == 0o755
    assert script.read_text() == "#!/usr/bin/env python3\nprint(2)\n"
    run_graph("delete run.py", workspace, yes=True)
    assert not script.exists()
    undo.undo_last(str(workspace))
    assert mode(script) == 0o755 and script.read_text() == "#!/usr/bin/env python3\nprint(2)\n"
    undo.undo_last(str(workspace))
    assert mode(script) == 0o755 and script.read_text() == "#!/usr/bin/env python3\nprint(1)\n"


def test_undo_of_mkdir_with_two_folders_removes_both(run_graph, workspace):
    outcome, _ = run_graph("mkdir a b", workspace)
    assert outcome["state"]["status"] == "done" and (workspace / "a").is_dir() and (workspace / "b").is_dir()
    undo.undo_last(str(workspace))
    assert not (workspace / "a").exists() and not (workspace / "b").exists()


@pytest.mark.parametrize("request_, made", [("mkdir x/y/z", "x/y/z"), ("touch new/dir/file.py", "new/dir/file.py")])
def test_undo_removes_the_parent_folders_a_step_created(run_graph, workspace, request_, made):
    (workspace / "keep").mkdir()  # an empty folder of the user's, which undo must not take for one it created
    outcome, _ = run_graph(request_, workspace)
    assert outcome["state"]["status"] == "done" and (workspace / made).exists()
    undo.undo_last(str(workspace))
    top = made.split("/")[0]
    assert not (workspace / top).exists() and (workspace / "keep").is_dir()


def test_undo_keeps_a_created_folder_the_user_has_put_files_in_since(run_graph, workspace):
    run_graph("touch new/dir/file.py", workspace)
    (workspace / "new" / "mine.txt").write_text("mine\n")
    undo.undo_last(str(workspace))
    assert not (workspace / "new" / "dir").exists() and (workspace / "new" / "mine.txt").read_text() == "mine\n"


def test_undo_refuses_when_the_file_changed_since_unless_forced(run_graph, workspace):
    (workspace / "app.py").write_text("x = 1\n")
    run_graph("change app.py", workspace, ["app.py\n```python\nx = 2\n```\n"])
    (workspace / "app.py").write_bytes(b"x = 3  # the user's own change\n")
    with pytest.raises(Refused, match="app.py"):
        undo.undo_last(str(workspace))
    assert (workspace / "app.py").read_bytes() == b"x = 3  # the user's own change\n"
    undo.undo_last(str(workspace), force=True)
    assert (workspace / "app.py").read_bytes() == b"x = 1\n"


def test_undo_refuses_when_a_file_was_made_executable_since(run_graph, workspace):
    run_graph("touch tool.sh", workspace)
    (workspace / "tool.sh").chmod(0o755)
    with pytest.raises(Refused):
        undo.undo_last(str(workspace))
    assert (workspace / "tool.sh").exists()


def test_an_unfinished_undo_record_is_skipped_for_the_last_finished_one(run_graph, workspace):
    run_graph("mkdir done", workspace)
    records = workspace / ".codey" / "undo"
    for name in (str(time.time_ns() + 10**9), "1"):  # newer than any but still being written; left long ago
        (records / name / "files").mkdir(parents=True)
        (records / name / "files" / "0").write_text("partial")
    undo.undo_last(str(workspace))
    assert not (workspace / "done").exists()
    assert not (records / "1").exists()
    with pytest.raises(TaskFailed, match="nothing to undo"):
        undo.undo_last(str(workspace))


def test_the_cli_undo_removes_what_a_step_created_and_needs_yes_for_changed_files(cli, workspace):
    code, out, _ = cli("--thread-id", "t1", "mkdir a/b c", workspace=workspace)
    assert code == 0 and (workspace / "a" / "b").is_dir() and (workspace / "c").is_dir()
    (workspace / "c" / "user.txt").write_text("mine\n")
    code, out, _ = cli("--undo", workspace=workspace)
    assert code == 3 and (workspace / "c" / "user.txt").exists() and (workspace / "a" / "b").is_dir()
    code, out, _ = cli("--undo", "--yes", workspace=workspace)
    assert code == 0 and not (workspace / "a").exists() and not (workspace / "c").exists()


def test_an_undo_label_holding_a_secret_is_saved_redacted(workspace, monkeypatch):
    monkeypatch.setenv("FAKE_API_KEY", "sk-fake-0123456789abcdef")
    (workspace / "notes.txt").write_text("key sk-fake-0123456789abcdef\n")
    undo.snapshot(str(workspace), ["notes.txt"], "delete notes.txt (sk-fake-0123456789abcdef)")
    manifest = (workspace / ".codey" / "undo").glob("*/manifest.json").__next__()
    assert b"sk-fake-0123456789abcdef" not in manifest.read_bytes()
    assert b"sk-fake-0123456789abcdef" in next(p for p in undo_files(workspace) if p.name == "0").read_bytes()


def test_a_secret_read_by_a_step_never_reaches_codeys_saved_files(workspace, config_path):
    secret = "sk-fake-" + os.urandom(12).hex()
    (workspace / "notes.txt").write_text(f"api key: {secret}\n")
    env = {**os.environ, "FAKE_API_KEY": secret}
    proc = subprocess.run([sys.executable, str(ROOT / "run.py"), "--json", "--config", str(config_path),
                           "-C", str(workspace), "--thread-id", "t", "read notes.txt"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    saved = [p for p in (workspace / ".codey").rglob("*") if p.is_file()]
    assert any(p.name == "checkpoints.sqlite" for p in saved)
    assert not [p for p in saved if secret.encode() in p.read_bytes()]
    assert any(b"[redacted FAKE_API_KEY]" in p.read_bytes() for p in saved)  # the step's output was saved, redacted
    assert secret in (workspace / "notes.txt").read_text()


def test_giving_up_keeps_the_best_attempt_in_the_files_own_endings(run_graph, workspace):
    stub = b"def add(a, b):\r\n    pass\r\n\r\n\r\ndef sub(a, b):\r\n    pass\r\n"
    (workspace / "calc.py").write_bytes(stub)
    (workspace / "test_calc.py").write_text("from calc import add, sub\n\n\ndef test_add():\n    assert add(1, 2) == 3\n\n\n"
                                            "def test_sub():\n    assert sub(5, 3) == 2\n")
    half = "calc.py\n```python\ndef add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return {}\n```\n"
    outcome, _ = run_graph("implement add and sub in calc.py", workspace, [half.format("a * b"), half.format("0")],
                           max_attempts=2)
    assert outcome["state"]["status"] == "failed"
    kept = (workspace / "calc.py").read_bytes()
    assert b"return a + b\r\n" in kept and b"\n" not in kept.replace(b"\r\n", b"")
    undo.undo_last(str(workspace))
    assert (workspace / "calc.py").read_bytes() == stub


def test_the_prompts_history_file_is_saved_redacted(workspace, monkeypatch):
    readline = pytest.importorskip("readline")
    from codey.app.repl import save_history

    monkeypatch.setenv("FAKE_API_KEY", "sk-fake-history-0123456789")
    readline.clear_history()
    readline.add_history("ls")
    readline.add_history("call the api with sk-fake-history-0123456789")
    path = workspace / ".codey" / "history"
    path.parent.mkdir(exist_ok=True)
    try:
        save_history(readline, path)
    finally:
        readline.clear_history()
    assert b"sk-fake-history-0123456789" not in path.read_bytes() and b"ls" in path.read_bytes()


def test_an_undo_record_made_from_newline_translated_text_still_gives_back_the_files_bytes(workspace):
    (workspace / "calc.py").write_bytes(CRLF)
    undo.save_texts(str(workspace), {"calc.py": (workspace / "calc.py").read_text()}, "edit calc.py")
    apply(workspace, WHOLE)
    undo.undo_last(str(workspace))
    assert (workspace / "calc.py").read_bytes() == CRLF


def test_saved_checkpoint_writes_are_redacted_but_file_texts_kept_exact(workspace, monkeypatch):
    from codey.graph.checkpoint import open_saver

    secret = "sk-fake-writes-0123456789"
    monkeypatch.setenv("SERVICE_TOKEN", secret)
    saver = open_saver(str(workspace))
    config = {"configurable": {"thread_id": "t", "checkpoint_ns": "", "checkpoint_id": "c1"}}
    saver.put_writes(config, [("__error__", TaskFailed(f"failed with {secret}")),
                              ("tasks", [{"output": f"token={secret}"}])], "task-1")
    rows = saver.conn.execute("select value from writes").fetchall()
    assert len(rows) == 2 and not [r for r in rows if secret.encode() in r[0]]
    saver.put_writes(config, [("backups", {".env": f"SERVICE_TOKEN={secret}\r\n"})], "task-2")
    kept = saver.conn.execute("select type, value from writes where channel = 'backups'").fetchone()
    assert saver.serde.loads_typed(kept) == {".env": f"SERVICE_TOKEN={secret}\r\n"}
    saver.conn.close()


def test_a_function_spliced_into_a_crlf_file_keeps_every_line_crlf(workspace):
    (workspace / "calc.py").write_bytes(CRLF)
    apply(workspace, "calc.py\n```python\ndef add(a, b):\n    total = a + b\n    return total\n```\n")
    assert (workspace / "calc.py").read_bytes() == FIXED.replace(b"    return a + b\r\n",
                                                                 b"    total = a + b\r\n    return total\r\n")
