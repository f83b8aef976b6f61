"""config.json: generated with machine-derived defaults on first run, validated with pydantic after that."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from codey import CONFIG_PATH
from codey.app.errors import ConfigError


class ModelConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    backend: Literal["llama.cpp", "openai"] = "llama.cpp"  # in-process, or any OpenAI-compatible server
    model: str = Field(description="a built-in model name or a GGUF path; for a server, the model id it lists")
    n_ctx: int = Field(4096, ge=256, le=131072)  # for a server: the context it was started with
    max_tokens: int = Field(1536, ge=16)
    base_url: Optional[str] = Field(None, validate_default=True)  # the server's OpenAI API root, e.g. http://127.0.0.1:8080/v1
    api_key_env: Optional[str] = None  # the name of an environment variable holding the key (never the key)
    timeout_s: float = Field(300, gt=0)  # longest wait for the server's next byte
    extra_body: dict = {}  # extra request fields, e.g. {"repeat_penalty": 1.0} for llama-cpp-python's server

    @field_validator("base_url")
    @classmethod
    def _server_url(cls, url: Optional[str], info: ValidationInfo) -> Optional[str]:
        if info.data.get("backend") == "openai" and not url:
            raise ValueError('required when backend is "openai" (e.g. "http://127.0.0.1:8080/v1")')
        if url and not url.startswith(("http://", "https://")):
            raise ValueError(f'"{url}" is not an http:// or https:// URL')
        return url.rstrip("/") if url else url

    @field_validator("api_key_env")
    @classmethod
    def _env_name(cls, name: Optional[str]) -> Optional[str]:
        if name and not name.isidentifier():
            raise ValueError("must be the name of an environment variable holding the key, never the key itself")
        return name


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    memory_budget_mb: int = Field(gt=0)
    n_threads: int = Field(ge=1, le=512)
    n_threads_batch: int = Field(ge=1, le=512)
    use_mmap: bool = False
    models_dir: Optional[str] = None
    coder: ModelConfig = ModelConfig(model="qwen2.5-coder-1.5b-instruct", n_ctx=8192)
    router: ModelConfig = ModelConfig(model="qwen2.5-coder-0.5b-instruct", n_ctx=2048, max_tokens=64)
    kv_cache_mb: int = Field(512, ge=0)  # KV state kept on disk across unloads (0: off), per model
    router_fallback: Literal["question", "model"] = "question"  # what decides when no routing rule matches
    max_attempts: int = Field(3, ge=1, le=10)
    # replies drawn per retry and chosen among by their checks (1: one reply); 8 passed 138 of HumanEval's 164, 4 129
    candidates: int = Field(8, ge=1, le=16)
    budget_s: float = Field(180, gt=0)  # wall-clock seconds a request's search may take before its best attempt is kept
    shell_timeout_s: float = Field(120, gt=0)
    test_timeout_s: float = Field(300, gt=0)
    idle_unload_s: float = Field(300, ge=0)
    project_python: Optional[str] = None  # the project's interpreter; default: found (codey/workspace/project.py)
    test_command: Optional[str] = None  # the project's test command, run through the shell; default: found
    allow_env: list[str] = []  # secret-looking environment variables the checks of model-written code may still see

    @field_validator("router")
    @classmethod
    def _local_router(cls, router: ModelConfig) -> ModelConfig:
        if router.backend != "llama.cpp":  # it scores labels on the model's own logits (codey/router/model.py)
            raise ValueError('the router model runs in-process: backend must be "llama.cpp"')
        return router


def machine_defaults() -> dict:
    import psutil

    cores = psutil.cpu_count(logical=False) or os.cpu_count() or 1
    return {
        "memory_budget_mb": int(psutil.virtual_memory().available * 0.7 / 2**20),
        "n_threads": cores,
        "n_threads_batch": cores,
    }


def load(path: Path | None = None) -> Settings:
    """Read and validate config.json, writing one with defaults when it does not exist yet."""
    path = Path(path or CONFIG_PATH)
    if not path.exists():
        settings = Settings(**machine_defaults())
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(settings.model_dump(), indent=2) + "\n")
        os.replace(tmp, path)
        return settings
    try:
        data = json.loads(path.read_text())
    except json.JSONDecodeError as e:
        raise ConfigError(f"{path}: not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})")
    except OSError as e:
        raise ConfigError(f"{path}: cannot read ({e.strerror})")
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a JSON object")
    try:
        auto = {} if {"memory_budget_mb", "n_threads", "n_threads_batch"} <= data.keys() else machine_defaults()
        return Settings(**{**auto, **data})
    except ValidationError as e:
        err = e.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "(root)"
        raise ConfigError(f"{path}: invalid field '{field}': {err['msg'].removeprefix('Value error, ')}")
