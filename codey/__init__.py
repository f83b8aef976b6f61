from pathlib import Path

CONFIG_PATH = Path(__file__).resolve().parent.parent / "config.json"  # generated on first run
