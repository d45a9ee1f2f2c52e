"""One small reader per input format (YAML, JSON, TOML) behind read_data; errors name the file."""

from __future__ import annotations

import json
import json.scanner
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError
from .yaml_errors import describe_yaml_error

decoder_module: Any = json.decoder
scanner: Any = json.scanner
object_parser: Callable[..., tuple[list[tuple[str, Any]], int]] = decoder_module.JSONObject

MAX_INPUT_BYTES = 5 * 1024 * 1024
"""The largest practice or client file read: a practice file is a few kilobytes."""

Repeat = tuple[str, int, int]
"""A key given twice in one mapping: (key, line of its first use, line of the repeat)."""


class _RepeatsNoted:
    """Safe YAML that keeps dates as text, so the model checks them and names the field."""

    repeats: list[Repeat]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        """Note each key a mapping repeats (PyYAML keeps the last one without a word)."""
        self.flatten_mapping(node)  # type: ignore[attr-defined]
        first: dict[str, int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                line = key_node.start_mark.line + 1
                if key_node.value in first:
                    self.repeats.append((key_node.value, first[key_node.value], line))
                first.setdefault(key_node.value, line)
        return super().construct_mapping(node, deep)  # type: ignore[misc]


class _YamlLoader(_RepeatsNoted, yaml.SafeLoader):
    """The pure-Python parser: its error messages are the ones `describe_yaml_error` words."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.repeats = []


class _FastYamlLoader(_RepeatsNoted, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same loader on libyaml's parser, several times faster on a roster-sized file."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.repeats = []


_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(node.value)


for _loader in (_YamlLoader, _FastYamlLoader):
    _loader.yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _loader.add_constructor(_TIMESTAMP, _timestamp_as_text)


def _read_yaml(text: str) -> tuple[Any, list[Repeat]]:
    """Parse YAML with libyaml; on a problem parse again in Python, whose messages we word."""
    try:
        return _parse_yaml(_FastYamlLoader, text)
    except yaml.YAMLError:
        return _parse_yaml(_YamlLoader, text)


def _parse_yaml(loader_class: Any, text: str) -> tuple[Any, list[Repeat]]:
    loader = loader_class(text)  # a safe loader: builds plain data only
    try:
        return loader.get_single_data(), loader.repeats
    finally:
        loader.dispose()


def _read_json(text: str) -> tuple[Any, list[Repeat]]:
    """Parse JSON, noting repeated keys by line (the json module keeps the last silently)."""
    repeats: list[Repeat] = []
    decoder = json.JSONDecoder()

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> Any:
        text, starts = s_and_end[0], []
        strict, scan_once, *rest = args

        def scan_value(s: str, index: int) -> Any:
            starts.append(index)  # where each value of this object starts, in order
            return scan_once(s, index)

        pairs, end = object_parser(s_and_end, strict, scan_value, None, list, *rest[2:])
        first: dict[str, int] = {}
        for (key, _), start in zip(pairs, starts, strict=True):
            line = text.count("\n", 0, start) + 1
            if key in first:
                repeats.append((key, first[key], line))
            first.setdefault(key, line)
        return dict(pairs), end

    hooks: Any = decoder  # the pure-Python scanner's hooks, which typeshed does not list
    hooks.parse_object = parse_object
    hooks.scan_once = scanner.py_make_scanner(decoder)  # the C scanner ignores the hook
    return decoder.decode(text), repeats


class _TomlSyntaxError(ValueError):
    """A TOML syntax error in the parser's words, so that only TOML files load the parser."""


def _read_toml(text: str) -> tuple[Any, list[Repeat]]:
    import tomllib  # importing it costs nearly two bare Python starts; only TOML files pay

    try:
        return tomllib.loads(text), []  # TOML itself refuses a repeated key
    except tomllib.TOMLDecodeError as exc:
        raise _TomlSyntaxError(str(exc)) from None


_READERS: dict[str, Callable[[str], tuple[Any, list[Repeat]]]] = {
    ".yaml": _read_yaml,
    ".yml": _read_yaml,
    ".json": _read_json,
    ".toml": _read_toml,
}


def read_data(path: Path) -> Any:
    """Parse one input file by its extension; raise DataError naming the file."""
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise DataError([f"{path}: unsupported file type; use .yaml, .yml, .json or .toml"])
    text = _read_text(path)
    kind = path.suffix.lstrip(".").upper()
    try:
        data, repeats = reader(text)
    except yaml.YAMLError as exc:
        raise DataError([f"{path}: {describe_yaml_error(exc)}"]) from None
    except (json.JSONDecodeError, _TomlSyntaxError) as exc:
        raise DataError([f"{path}: not valid {kind}: {_syntax_detail(exc)}"]) from None
    except RecursionError:
        raise DataError([f"{path}: not valid {kind}: nested too deeply"]) from None
    except ValueError:  # a value the parser cannot convert; its message may quote the file
        raise DataError(
            [f"{path}: not valid {kind}: a value cannot be read; check numbers and dates"]
        ) from None
    if repeats:
        raise DataError(
            [
                f'{path}: line {again}: "{key}" is given twice (lines {first} and {again}); '
                "keep one"
                for key, first, again in sorted(repeats, key=lambda r: r[2])
            ]
        )
    return data


def _read_text(path: Path) -> str:
    """Read a regular file of at most MAX_INPUT_BYTES as UTF-8; never wait on a pipe or device."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise DataError([f"{path}: not a regular file; give the path of a saved file"])
        if info.st_size > MAX_INPUT_BYTES:
            raise DataError([f"{path}: {_too_big(info.st_size)}"])
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise DataError([f"{path}: file not found; check the path"]) from None
    except OSError as exc:
        raise DataError(
            [f"{path}: cannot read the file ({type(exc).__name__}); check its permissions"]
        ) from None
    if len(data) > MAX_INPUT_BYTES:  # the file grew after it was measured
        raise DataError([f"{path}: {_too_big(len(data))}"])
    try:
        return data.decode("utf-8-sig")  # a byte-order mark is not content
    except UnicodeDecodeError:
        raise DataError(
            [f"{path}: cannot read the file (UnicodeDecodeError); save it as UTF-8 text"]
        ) from None


def _too_big(size: int) -> str:
    return (
        f"is {size / 1024 / 1024:.1f} MB, larger than the {MAX_INPUT_BYTES // 1024 // 1024} MB "
        "limit for an input file; check that it is the right file"
    )


def _syntax_detail(exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        problem = getattr(exc, "problem", None) or "syntax error"
        return f"{problem} at line {mark.line + 1}, column {mark.column + 1}"
    return str(exc).splitlines()[0]
