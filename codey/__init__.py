import os
from pathlib import Path

__version__ = "0.12.0"

_SOURCE = Path(__file__).resolve().parent.parent


def config_path() -> Path:
    """config.json beside run.py in a source checkout; in an installed copy, the user's config directory."""
    if (_SOURCE / "run.py").exists():
        return _SOURCE / "config.json"
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "codey" / "config.json"


CONFIG_PATH = config_path()  # generated on first run
