"""Model assembly and the lifecycle manager's budget decisions (no weights loaded here)."""
import hashlib

import pytest

from codey.app.config import Settings
from codey.app.errors import BudgetExceeded, ModelAssetError
from codey.memory import assets, lifecycle
from codey.memory.lifecycle import Estimate, Lifecycle
from codey.app.ui import UI


def fake_asset(tmp_path, monkeypatch, parts=(b"GGUF" + b"a" * 100, b"b" * 50), sha=None):
    files = []
    for i, data in enumerate(parts):
        files.append(tmp_path / f"chunk{i}")
        files[-1].write_bytes(data)
    whole = b"".join(parts)
    monkeypatch.setattr(assets, "_locate_chunk", lambda dist, rel: files[int(dist)])
    return assets.Asset("tiny", "tiny.gguf", len(whole), sha or hashlib.sha256(whole).hexdigest(),
                        tuple((str(i), "x") for i in range(len(parts))))


def test_assembly_is_checked_and_atomic(tmp_path, monkeypatch):
    asset = fake_asset(tmp_path, monkeypatch)
    seen = []
    path = assets.assemble(asset, tmp_path / "models", lambda done, total: seen.append(done))
    assert path.read_bytes().startswith(b"GGUF") and seen[-1] == asset.size
    assert assets.is_verified(asset, path)
    path.write_bytes(path.read_bytes()[:-1])  # a truncated file is no longer trusted
    assert not assets.is_verified(asset, path)


def test_corrupt_chunks_never_become_a_model_file(tmp_path, monkeypatch):
    asset = fake_asset(tmp_path, monkeypatch, sha="0" * 64)
    with pytest.raises(ModelAssetError, match="corrupt"):
        assets.assemble(asset, tmp_path / "models")
    assert list((tmp_path / "models").iterdir()) == []


def test_missing_chunk_package_says_how_to_install():
    with pytest.raises(ModelAssetError, match="pip install -r requirements.txt"):
        assets._locate_chunk("no-such-codey-chunk-package", "data/x")


class Loaded:
    def __init__(self):
        self.client = type("C", (), {"close": lambda self: None, "n_tokens": 0})()


def manager(monkeypatch, budget, sizes):
    models = Lifecycle(Settings(memory_budget_mb=budget, n_threads=1, n_threads_batch=1), UI(quiet=True))
    monkeypatch.setattr(models, "model_path", lambda role: role)
    monkeypatch.setattr(lifecycle, "estimate", lambda path, n_ctx, d: Estimate(sizes[path], 0, 0))
    monkeypatch.setattr(models, "_load", lambda role, path, need: models.resident.setdefault(
        role, lifecycle.Resident(role, path, Loaded(), need, 0.0, 0.0)))
    return models


def test_idle_models_are_unloaded_to_make_room(monkeypatch):
    models = manager(monkeypatch, 1000, {"router": 400, "coder": 700})
    models.get("router")
    models.get("coder")
    assert list(models.resident) == ["coder"]


def test_a_model_that_cannot_fit_is_refused_with_numbers(monkeypatch):
    models = manager(monkeypatch, 500, {"router": 100, "coder": 700})
    with pytest.raises(BudgetExceeded, match=r"needs ~700 MB.*budget is 500 MB"):
        models.get("coder")
    assert models.resident == {}
