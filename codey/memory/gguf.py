"""Read the few GGUF header fields needed to estimate a model's memory, without importing llama.cpp."""
from __future__ import annotations

import struct
from pathlib import Path

from codey.app.errors import ModelAssetError

_SCALARS = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}
STRING, ARRAY = 8, 9


class _Reader:
    def __init__(self, f):
        self.f = f

    def unpack(self, fmt: str):
        size = struct.calcsize("<" + fmt)
        data = self.f.read(size)
        if len(data) != size:
            raise EOFError
        return struct.unpack("<" + fmt, data)[0]

    def string(self) -> str:
        return self.f.read(self.unpack("Q")).decode("utf-8", "replace")

    def value(self, kind: int):
        if kind in _SCALARS:
            return self.unpack(_SCALARS[kind])
        if kind == STRING:
            return self.string()
        if kind == ARRAY:
            item, count = self.unpack("I"), self.unpack("Q")
            if item == STRING:  # token lists are long; skip them, keep only the length
                for _ in range(count):
                    self.f.seek(self.unpack("Q"), 1)
                return count
            if item in _SCALARS:
                self.f.seek(struct.calcsize("<" + _SCALARS[item]) * count, 1)
                return count
            return [self.value(item) for _ in range(count)]
        raise ValueError(f"unknown GGUF value type {kind}")


def read_metadata(path: Path) -> dict:
    """Key/value header of a GGUF file; arrays are reported by their length."""
    try:
        with open(path, "rb") as f:
            if f.read(4) != b"GGUF":
                raise ModelAssetError(f"{path} is not a GGUF model file")
            r = _Reader(f)
            r.unpack("I")  # version
            r.unpack("Q")  # tensor count
            return {r.string(): r.value(r.unpack("I")) for _ in range(r.unpack("Q"))}
    except (EOFError, ValueError, struct.error) as e:
        raise ModelAssetError(f"{path} is a truncated or corrupt GGUF file ({e or 'unexpected end'})")
    except OSError as e:
        raise ModelAssetError(f"cannot read model file {path}: {e.strerror}")


def shape(meta: dict) -> dict:
    """Layers, KV heads, head size and vocabulary size, from the architecture's keys."""
    arch = meta.get("general.architecture", "")
    get = lambda key, default=None: meta.get(f"{arch}.{key}", default)  # noqa: E731
    heads = get("attention.head_count", 1)
    embd = get("embedding_length", 0)
    return {
        "name": meta.get("general.name", arch),
        "layers": get("block_count", 0),
        "kv_heads": get("attention.head_count_kv", heads),
        "head_dim": get("attention.key_length", embd // max(heads, 1)),
        "vocab": meta.get("tokenizer.ggml.tokens", 0),
        "train_ctx": get("context_length", 0),
    }
