"""User-facing errors. Each carries the exit code the CLI turns it into."""


class CodeyError(Exception):
    exit_code = 1
    status = "failed"

    def __init__(self, message: str, details: dict | None = None):
        super().__init__(message)
        self.details = details or {}


class TaskFailed(CodeyError):
    """The task ran but did not succeed (a tool failed, verification failed)."""


class BadInput(CodeyError):
    exit_code = 2


class ConfigError(BadInput):
    """config.json is malformed or invalid; it is never overwritten."""


class ModelAssetError(BadInput):
    """A model file is missing, partial or corrupt and cannot be rebuilt."""


class ServerMisconfigured(BadInput):
    """The coder's server cannot serve: unreachable, no such model, a bad key, or a smaller context than configured."""


class ServerFailed(CodeyError):
    """The coder's server stopped answering mid-task (timeout, reply cut off); the run can be resumed."""


class Refused(CodeyError):
    """Codey will not do this: outside the workspace, destructive without approval, no room in RAM."""

    exit_code = 3
    status = "refused"


class PathEscape(Refused):
    pass


class BudgetExceeded(Refused):
    pass


class NotText(Refused):
    """A file Codey would edit is not UTF-8: it is never rewritten, and no retry can change that."""
