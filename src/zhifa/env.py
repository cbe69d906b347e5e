"""Typed helpers that read settings from the environment.

A value may also come from a file named by the variable with a ``_FILE`` suffix, so that
secrets can be mounted rather than exported.
"""

import os
from pathlib import Path


class ConfigurationError(RuntimeError):
    """A setting is missing or invalid; raised at start-up, before any request is served."""


def read(name: str, default: str | None = None) -> str | None:
    """Return the variable ``name``, or the content of the file named by ``name_FILE``."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def read_str(name: str, default: str) -> str:
    value = read(name)
    return default if value is None or value == "" else value


def read_bool(name: str, default: bool) -> bool:
    value = read(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name}={value!r} is not a boolean; use 1 or 0.")


def read_int(name: str, default: int) -> int:
    value = read(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ConfigurationError(f"{name}={value!r} is not an integer.") from error


def read_list(name: str, default: list[str]) -> list[str]:
    value = read(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]
