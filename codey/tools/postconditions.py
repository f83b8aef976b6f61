"""What a user would check by hand after a tool step: the folder exists after mkdir, the file after writing it, nothing
after deleting it."""
from pathlib import Path


def check(task: dict, workspace: str) -> list[str]:
    """Postconditions a user would check by hand; returns the problems found."""
    path = (task.get("args") or {}).get("path")
    target = Path(workspace) / path if path else None
    if task["tool"] == "mkdir" and not all((Path(workspace) / p).is_dir() for p in (path or "").split() or [""]):
        return [f"{path} is not a directory after mkdir"]
    if task["tool"] == "write_file" and not (target and target.is_file()):
        return [f"{path} does not exist after writing it"]
    if task["tool"] == "delete_path" and target and target.exists():
        return [f"{path} still exists"]
    return []
