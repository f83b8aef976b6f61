"""Runs are checkpointed in the workspace's .codey/ folder, which is kept out of git without touching .gitignore."""
from __future__ import annotations

import secrets
import sqlite3
import time
from pathlib import Path


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


def open_saver(workspace: str):
    from langgraph.checkpoint.sqlite import SqliteSaver

    conn = sqlite3.connect(codey_dir(workspace) / "checkpoints.sqlite", check_same_thread=False)
    return SqliteSaver(conn)


def new_thread_id() -> str:
    return time.strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(2)
