"""Runs are checkpointed in the workspace's .codey/ folder, which is kept out of git without touching .gitignore.

What is saved is redacted of the values of secret-looking environment variables (codey/workspace/secrets.py), except the
state that holds whole file texts to be written back (FILE_TEXTS): those are the user's own bytes, or what will be
written into their files, and a redacted copy would put "[redacted …]" into a file when a run is resumed.
"""
from __future__ import annotations

import secrets
import sqlite3
import time
from pathlib import Path

from codey.workspace.secrets import redact_all


def codey_dir(workspace: str) -> Path:
    path = Path(workspace) / ".codey"
    path.mkdir(exist_ok=True)
    exclude = Path(workspace) / ".git" / "info" / "exclude"
    if exclude.parent.parent.is_dir():
        lines = exclude.read_text().splitlines() if exclude.exists() else []
        if ".codey/" not in lines:
            exclude.parent.mkdir(exist_ok=True)
            exclude.write_text("\n".join(lines + [".codey/"]) + "\n")
    return path


FILE_TEXTS = {"backups", "best", "candidates"}


def _redacted(channel: str, value):
    """A channel's value as saved: file texts as they are; an error (which is saved as its repr) and everything else
    redacted."""
    if channel in FILE_TEXTS:
        return value
    return redact_all(repr(value)) if isinstance(value, BaseException) else redact_all(value)


def open_saver(workspace: str):
    from langgraph.checkpoint.sqlite import SqliteSaver

    class RedactingSaver(SqliteSaver):
        def put(self, config, checkpoint, metadata, new_versions):
            values = {k: _redacted(k, v) for k, v in (checkpoint.get("channel_values") or {}).items()}
            checkpoint = {**checkpoint, "channel_values": values}
            return super().put(config, checkpoint, redact_all(metadata), new_versions)

        def put_writes(self, config, writes, task_id, task_path=""):
            writes = [(channel, _redacted(channel, value)) for channel, value in writes]
            return super().put_writes(config, writes, task_id, task_path)

    conn = sqlite3.connect(codey_dir(workspace) / "checkpoints.sqlite", check_same_thread=False)
    return RedactingSaver(conn)


def new_thread_id() -> str:
    return time.strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(2)
