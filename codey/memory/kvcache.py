"""Keep a model's KV cache across an unload: saved to disk when the model goes, restored when it comes back.

The next prompt then shares its prefix (system prompt + repo map) with the restored tokens, and llama.cpp
skips re-processing them. Only llama.cpp's own state and the token ids are kept: llama-cpp-python's
save_state() also copies a (batch × vocabulary) score matrix, ~300 MB for Qwen, that the next prompt never needs.
"""
from __future__ import annotations

import ctypes
import hashlib
import json
import os
from pathlib import Path

import numpy as np

MB = 2**20
MIN_TOKENS = 32  # not worth a file below this
VERSION = 2  # part of the file's key: bump when the context is built differently (2: the GGUF's own RoPE base)


def state_path(cache_dir: Path, model_path: Path, n_ctx: int) -> Path:
    st = model_path.stat()
    key = hashlib.sha256(f"{model_path.resolve()}:{st.st_size}:{int(st.st_mtime)}:{n_ctx}:{VERSION}".encode()).hexdigest()[:16]
    return cache_dir / f"{model_path.stem}-{key}.kv"


def save(llm, path: Path, max_mb: float) -> int:
    """Write the context's state; returns bytes written (0 when skipped: too few tokens or over max_mb)."""
    import llama_cpp

    if llm.n_tokens < MIN_TOKENS or max_mb <= 0:
        return 0
    size = llama_cpp.llama_state_get_size(llm._ctx.ctx)
    if size > max_mb * MB:
        return 0
    buf = (ctypes.c_uint8 * size)()
    n = llama_cpp.llama_state_get_data(llm._ctx.ctx, buf, size)
    ids = np.asarray(llm.input_ids[: llm.n_tokens], dtype=np.intc)
    header = json.dumps({"n_tokens": int(llm.n_tokens), "state_bytes": int(n)}).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(len(header).to_bytes(4, "little") + header + ids.tobytes())
        f.write(memoryview(buf)[:n])
    os.replace(tmp, path)
    return path.stat().st_size


def restore(llm, path: Path) -> int:
    """Load a saved state into a freshly loaded model; returns the number of cached tokens (0 if none or unusable)."""
    import llama_cpp

    if not path.is_file():
        return 0
    try:
        data = path.read_bytes()
        hlen = int.from_bytes(data[:4], "little")
        header = json.loads(data[4:4 + hlen])
        n_tokens, n_bytes = header["n_tokens"], header["state_bytes"]
        start = 4 + hlen + n_tokens * np.dtype(np.intc).itemsize
        ids = np.frombuffer(data[4 + hlen:start], dtype=np.intc)
        state = (ctypes.c_uint8 * n_bytes).from_buffer_copy(data[start:start + n_bytes])
        if n_tokens > llm.n_ctx() or llama_cpp.llama_state_set_data(llm._ctx.ctx, state, n_bytes) != n_bytes:
            raise ValueError("state does not fit this context")
    except (ValueError, KeyError, json.JSONDecodeError, OSError):
        path.unlink(missing_ok=True)  # a stale or damaged cache is dropped, never trusted
        return 0
    llm.input_ids[:n_tokens] = ids
    llm.n_tokens = n_tokens
    return n_tokens
