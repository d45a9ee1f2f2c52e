"""One small reader per input format (YAML, JSON, TOML) behind read_data; errors name the file."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from .errors import DataError
from .yaml_errors import describe_yaml_error


class _YamlLoader(yaml.SafeLoader):
    """Safe YAML that keeps dates as text, so the model checks them and names the field.

    A key given twice in one section is an error: plain YAML keeps the last one silently.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value in seen:
                raise ConstructorError(None, None, "found duplicate key", key_node.start_mark)
            seen.add(str(key_node.value))
        return super().construct_mapping(node, deep)


_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(node.value)


_YamlLoader.add_constructor(_TIMESTAMP, _timestamp_as_text)


def _read_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_YamlLoader)  # a SafeLoader: builds plain data only


_READERS: dict[str, Callable[[str], Any]] = {
    ".yaml": _read_yaml,
    ".yml": _read_yaml,
    ".json": json.loads,
    ".toml": tomllib.loads,
}


def read_data(path: Path) -> Any:
    """Parse one input file by its extension; raise DataError naming the file."""
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise DataError([f"{path}: unsupported file type; use .yaml, .yml, .json or .toml"])
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark is not content
    except FileNotFoundError:
        raise DataError([f"{path}: file not found; check the path"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(
            [f"{path}: cannot read the file ({type(exc).__name__}); save it as UTF-8 text"]
        ) from None
    kind = path.suffix.lstrip(".").upper()
    try:
        return reader(text)
    except yaml.YAMLError as exc:
        raise DataError([f"{path}: {describe_yaml_error(exc)}"]) from None
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError([f"{path}: not valid {kind}: {_syntax_detail(exc)}"]) from None
    except RecursionError:
        raise DataError([f"{path}: not valid {kind}: nested too deeply"]) from None
    except ValueError:  # a value the parser cannot convert; its message may quote the file
        raise DataError(
            [f"{path}: not valid {kind}: a value cannot be read; check numbers and dates"]
        ) from None


def _syntax_detail(exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        problem = getattr(exc, "problem", None) or "syntax error"
        return f"{problem} at line {mark.line + 1}, column {mark.column + 1}"
    return str(exc).splitlines()[0]
