"""The lifecycle manager: loads models within the RAM budget, unloads idle ones first, refuses what cannot fit.

Models are held here, never in graph state; nodes ask for them by role ("coder", "router").
"""
from __future__ import annotations

import gc
import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path

import psutil

from codey.app.config import ModelConfig, Settings
from codey.app.errors import BudgetExceeded, ModelAssetError
from codey.memory import assets, kvcache
from codey.memory.gguf import read_metadata, shape

MB = 2**20
N_BATCH = 256  # bench/batch.py: prefill 97.5 tok/s at 256, 96.3 at 512, 86.0 at 1024; smaller = smaller buffers


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / MB


class PeakRSS:
    """Samples this process's RSS in a background thread while a run lasts.

    (getrusage's ru_maxrss is not used: Linux carries the parent's high-water mark across fork + exec, so a
    process started by a big parent would report the parent's peak.)"""

    def __init__(self, interval_s: float = 0.05):
        self.interval_s, self.peak_mb = interval_s, rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.peak_mb = max(self.peak_mb, rss_mb())

    def __enter__(self) -> "PeakRSS":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, rss_mb())


@dataclass
class Estimate:
    weights_mb: float
    kv_mb: float
    compute_mb: float

    @property
    def total_mb(self) -> float:
        return self.weights_mb + self.kv_mb + self.compute_mb


@dataclass
class Resident:
    role: str
    path: str
    chat: object  # PrefillChat (langchain's ChatLlamaCpp), or RemoteChat for a served model
    estimate: Estimate
    load_s: float
    rss_delta_mb: float
    last_used: float = field(default_factory=time.monotonic)


def estimate(path: Path, n_ctx: int, models_dir: Path) -> Estimate:
    """File size + f16 KV cache (2 × layers × kv_heads × head_dim × n_ctx × 2 bytes) + compute buffers.

    A context for n batched candidates (codey/memory/batch.py) is the same without the weights, for
    n_ctx = prompt + n × max_tokens: the candidates share the prompt's cells."""
    info = _shape(path, models_dir)
    kv = 2 * info["layers"] * info["kv_heads"] * info["head_dim"] * n_ctx * 2
    # llama.cpp's CPU compute buffer grows with the batch and the vocabulary (the output logits dominate).
    compute = info["vocab"] * N_BATCH * 4 // 2 + 64 * MB
    return Estimate(path.stat().st_size / MB, kv / MB, compute / MB)


def _shape(path: Path, models_dir: Path) -> dict:
    """GGUF header fields, cached beside the models because skipping the token list takes ~0.3 s."""
    st = path.stat()
    cache = models_dir / "meta" / f"{path.name}-{st.st_size}-{int(st.st_mtime)}.json"
    if cache.is_file():
        return json.loads(cache.read_text())
    info = shape(read_metadata(path))
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(info))
    return info


class Lifecycle:
    def __init__(self, settings: Settings, ui):
        self.settings = settings
        self.ui = ui
        self.models_dir = Path(settings.models_dir).expanduser() if settings.models_dir else assets.default_models_dir()
        self.resident: OrderedDict[str, Resident] = OrderedDict()  # least recently used first
        self.load_times: dict[str, float] = {}
        self.restored_tokens: dict[str, int] = {}

    def spec(self, role: str) -> ModelConfig:
        return getattr(self.settings, role)

    def model_path(self, role: str) -> Path:
        """A configured GGUF path as is, or a built-in model assembled (once) into the cache."""
        name = self.spec(role).model
        if name in assets.CATALOG:
            asset = assets.CATALOG[name]
            target = self.models_dir / asset.filename
            if assets.is_verified(asset, target):
                return target
            with self.ui.progress(f"assembling {name}", asset.size) as advance:
                return assets.assemble(asset, self.models_dir, advance)
        path = Path(name).expanduser()
        if not path.is_file():
            known = ", ".join(assets.CATALOG)
            raise ModelAssetError(f"{role} model '{name}' is neither a GGUF file nor a built-in model ({known})")
        return path

    def remote(self, role: str) -> bool:
        """True when a server runs this role's model: no weights, no RAM here (codey/memory/remote.py)."""
        return self.spec(role).backend == "openai"

    def get(self, role: str):
        """The loaded chat model for a role, loading it (and making room) when needed."""
        if role in self.resident:
            self.resident.move_to_end(role)
            self.resident[role].last_used = time.monotonic()
            return self.resident[role].chat
        if self.remote(role):
            return self._connect(role).chat
        path = self.model_path(role)
        shared = next((r for r in self.resident.values() if r.path == str(path)), None)
        if shared:  # one file serving two roles (the "unified model" setup) is loaded once
            self.resident[role] = shared
            return shared.chat
        need = estimate(path, self.spec(role).n_ctx, self.models_dir)
        if not self._make_room(role, need, f"the {role} model"):
            raise BudgetExceeded(
                f"refused: the {role} model needs ~{need.total_mb:.0f} MB (weights {need.weights_mb:.0f} + "
                f"KV cache {need.kv_mb:.0f} + buffers {need.compute_mb:.0f}), resident models use "
                f"{self._used():.0f} MB, budget is {self.settings.memory_budget_mb} MB (memory_budget_mb in config.json)"
            )
        return self._load(role, path, need).chat

    def _make_room(self, role: str, need: Estimate, what: str) -> bool:
        """Unload other models, least recently used first, until need fits; False if it still does not."""
        budget = self.settings.memory_budget_mb
        for name in list(self.resident):
            if self._used() + need.total_mb <= budget:
                break
            if name in self.resident and self.resident[name] is not self.resident.get(role):
                self.ui.info(f"unloading idle {name} model to make room for {what}")
                self.unload(name)
        return self._used() + need.total_mb <= budget

    def sample(self, role: str, prompt: str, n: int, max_tokens: int | None = None, **options) -> list:
        """n candidate replies to prompt from one batch (see codey/memory/batch.py). Their KV cache must fit the
        budget beside the loaded models: idle ones are unloaded first, then fewer candidates are decoded together;
        when not even two fit, all n are sampled one after another, which needs no extra memory."""
        from codey.memory import batch

        llm = self.get(role).client
        max_tokens = max_tokens or self.spec(role).max_tokens
        fits = self.batch_size(role, len(llm.tokenize(prompt.encode(), special=True)), n, max_tokens)
        if fits < n:
            self.ui.info(f"{n} candidates do not fit the RAM budget together: "
                         + (f"decoding {fits}" if fits > 1 else "sampling them one by one"))
        return batch.sample(llm, prompt, fits if fits > 1 else n, max_tokens, batched=fits > 1, **options)

    def batch_size(self, role: str, prompt_tokens: int, n: int, max_tokens: int) -> int:
        """How many of n candidates can decode in one batch within the budget (making room for them first)."""
        need = lambda k: self.batch_estimate(role, prompt_tokens + k * max_tokens)  # noqa: E731
        if n < 2 or self._make_room(role, need(n), f"{n} candidates"):
            return n
        budget = self.settings.memory_budget_mb
        return max((k for k in range(1, n) if self._used() + need(k).total_mb <= budget), default=0)

    def batch_estimate(self, role: str, n_ctx: int) -> Estimate:
        """A second context on the loaded weights: its KV cache and buffers only."""
        return replace(estimate(Path(self.resident[role].path), n_ctx, self.models_dir), weights_mb=0)

    def _used(self) -> float:
        return sum(r.estimate.total_mb for r in {id(r): r for r in self.resident.values()}.values())

    def _load(self, role: str, path: Path, need: Estimate) -> Resident:
        from codey.memory.chat import PrefillChat

        s, spec = self.settings, self.spec(role)
        before, start = rss_mb(), time.perf_counter()
        with self.ui.spinner(f"loading {role} model {path.name} (~{need.total_mb:.0f} MB)"):
            try:
                chat = PrefillChat(
                    model_path=str(path), n_ctx=spec.n_ctx, n_threads=s.n_threads, n_batch=N_BATCH,
                    max_tokens=spec.max_tokens, temperature=0.0, use_mmap=s.use_mmap, verbose=False,
                    repeat_penalty=1.0,  # ChatLlamaCpp's default 1.1 makes code write "))" for ")"
                    model_kwargs={"n_threads_batch": s.n_threads_batch},
                )
            except ValueError as e:
                asset = assets.CATALOG.get(spec.model)
                if asset and not assets.verify_file(asset, path):
                    path.unlink(missing_ok=True)
                    raise ModelAssetError(f"{path} was corrupt and has been removed; run again to rebuild it")
                raise ModelAssetError(f"cannot load {path}: {e}")
        self.restored_tokens[role] = kvcache.restore(chat.client, self._state_path(path, spec.n_ctx))
        resident = Resident(role, str(path), chat, need, time.perf_counter() - start, rss_mb() - before)
        self.resident[role] = resident
        self.load_times[role] = round(resident.load_s, 3)
        return resident

    def _connect(self, role: str) -> Resident:
        """A served model: check that the server answers and lists it; it counts nothing against the budget."""
        from codey.memory.remote import connect

        spec, start = self.spec(role), time.perf_counter()
        with self.ui.spinner(f"checking the {role} server {spec.base_url}"):
            chat = connect(spec)
        resident = Resident(role, f"{spec.model} at {spec.base_url}", chat, Estimate(0, 0, 0),
                            time.perf_counter() - start, 0.0)
        self.resident[role] = resident
        self.load_times[role] = round(resident.load_s, 3)
        return resident

    def guards(self, role: str, prefill: str = "") -> list:
        """Logits processors for code replies from this role's model (see codey/coder/brackets.py); a server's model
        takes none."""
        if self.remote(role):
            return []
        from codey.coder.brackets import BracketGuard, bracket_tokens

        resident = self.resident[role]
        if not hasattr(resident, "brackets"):
            cache = self.models_dir / "meta" / f"{Path(resident.path).name}.brackets.json"
            resident.brackets = bracket_tokens(resident.chat.client, cache)
        return [BracketGuard(resident.chat.client, resident.brackets, prefill)]

    def _state_path(self, path: Path, n_ctx: int) -> Path:
        return kvcache.state_path(self.models_dir / "kv", path, n_ctx)

    def router(self):
        """The routing model, wrapped for label scoring (its calibration pass runs once per load)."""
        from codey.router.model import ModelRouter

        llm = self.get("router").client
        if getattr(self, "_router", None) is None or self._router.llm is not llm:
            self._router = ModelRouter(llm)
        return self._router

    def unload(self, role: str) -> float:
        """Close the model and return the RSS it gave back, in MB."""
        resident = self.resident.pop(role, None)
        if not resident:
            return 0.0
        for other in [r for r, m in self.resident.items() if m is resident]:
            del self.resident[other]
        if self.remote(resident.role):  # the server keeps its model; there is nothing here to give back
            return 0.0
        spec = self.spec(resident.role)
        if self.settings.kv_cache_mb and resident.chat.client.n_tokens >= kvcache.MIN_TOKENS:
            kvcache.save(resident.chat.client, self._state_path(Path(resident.path), spec.n_ctx), self.settings.kv_cache_mb)
        before = rss_mb()
        resident.chat.client.close()
        del resident
        gc.collect()
        return before - rss_mb()

    def idle_roles(self, older_than_s: float = 0.0) -> list[str]:
        now = time.monotonic()
        return [r for r, m in self.resident.items() if now - m.last_used >= older_than_s]

    def close(self) -> None:
        for role in list(self.resident):
            self.unload(role)
