"""Secret-looking environment variables: kept out of the checks' environment and out of everything Codey saves."""
from __future__ import annotations

import os
import re

# A name that says it holds a credential: API_KEY, GITHUB_TOKEN, DB_PASSWORD, AWS_SECRET_ACCESS_KEY, …
SECRET_NAME = re.compile(
    r"(KEY|TOKEN|SECRET|PASS(WORD|WD|PHRASE)?|CREDENTIAL|AUTH|COOKIE|PRIVATE|SIGNATURE|DSN)"
    r"|^(AWS|AZURE|GOOGLE|GCP|GCLOUD|ARM|OPENAI|ANTHROPIC|HF|HUGGING|GITHUB|GH|GITLAB|NPM|PYPI|TWINE|DOCKER|SLACK|STRIPE)_",
    re.I,
)
NOT_SECRET = {"PWD", "OLDPWD", "SSH_AUTH_SOCK", "GPG_AGENT_INFO", "KEYTIMEOUT", "XAUTHORITY"}
AGENTS = ("SSH_AUTH_SOCK", "GPG_AGENT_INFO")  # sockets that sign with the user's keys: no text to redact, but credentials
MIN_VALUE = 6  # shorter values ("1", "true") would redact ordinary words


def looks_secret(name: str) -> bool:
    return name not in NOT_SECRET and bool(SECRET_NAME.search(name))


def scrubbed(env: dict[str, str] | None = None, allow=()) -> dict[str, str]:
    """The environment without secret-looking variables or key agents' sockets, except the ones the user allows by
    name (config)."""
    env = dict(os.environ if env is None else env)
    return {k: v for k, v in env.items() if k in allow or not (looks_secret(k) or k in AGENTS)}


def secret_values(env: dict[str, str] | None = None) -> dict[str, str]:
    """value -> name for every secret-looking variable whose value is long enough to find in text."""
    env = os.environ if env is None else env
    return {v: k for k, v in env.items() if looks_secret(k) and len(v) >= MIN_VALUE}


def redact(text: str, env: dict[str, str] | None = None) -> str:
    """text with every secret-looking variable's value replaced by [redacted NAME]; longest values first."""
    return redact_all(text, env)


def redact_all(value, env: dict[str, str] | None = None):
    """value (plain data: dicts, lists, tuples, strings) with every string redacted."""
    found = secret_values(env)
    if not found:
        return value
    return _redact_in(value, sorted(found.items(), key=lambda kv: -len(kv[0])))


def _redact_in(value, found: list[tuple[str, str]]):
    if isinstance(value, str):
        for secret, name in found:
            if secret in value:
                value = value.replace(secret, f"[redacted {name}]")
        return value
    if isinstance(value, dict):
        return {k: _redact_in(v, found) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_redact_in(v, found) for v in value)
    return value
