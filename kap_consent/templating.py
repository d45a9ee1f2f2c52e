"""The Jinja environments and the template search path (practice folder first, packaged last)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from . import overrides
from .content import DocumentDef
from .errors import TemplateError
from .wording import check_folder, find_file, load_document_defs, search_path


def _refuse_none(value: Any) -> Any:
    if value is None:
        raise TemplateError("a template printed an empty value (None); guard it with {% if %}")
    return value


def longdate(value: date) -> str:
    """Format a date as `March 5, 2019`."""
    return f"{value:%B} {value.day}, {value.year}"


def money(value: float) -> str:
    """Format dollars as `$250` or `$1,250.50`."""
    return f"${value:,.0f}" if float(value).is_integer() else f"${value:,.2f}"


def join_and(values: Iterable[Any]) -> str:
    """Join items as `a, b and c`."""
    items = [str(v) for v in values]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def make_environment(*, autoescape: bool) -> ImmutableSandboxedEnvironment:
    """Return a sandboxed, strict environment: missing values and None are errors."""
    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=autoescape,
        finalize=_refuse_none,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(longdate=longdate, money=money, join_and=join_and)
    return env


class TemplateSet:
    """Finds wording and layouts along the search path and renders clause text safely."""

    def __init__(self, override_dir: Path | None = None) -> None:
        if override_dir is not None:
            override_dir = Path(override_dir)
            check_folder(override_dir)
        self.override_dir = override_dir
        self.search_path = search_path(override_dir)
        self.text_env = make_environment(autoescape=False)

    def read_text(self, relative: str) -> str:
        """Return the text of the first file named `relative` along the search path."""
        return overrides.read_text(self.override_dir, self.find(relative))

    def find(self, relative: str) -> Path:
        """Return the first file named `relative` along the search path."""
        return find_file(self.search_path, relative)

    def document_defs(self) -> list[DocumentDef]:
        """Return every document definition, overrides applied, in packet order."""
        return load_document_defs(self.override_dir)

    def render_text(self, source: str, context: dict[str, Any], where: str) -> str:
        """Render one piece of clause text to plain text; errors name where it came from."""
        return str(guard(lambda: self._compile(source).render(context).strip(), where, source))

    def evaluate(self, expression: str, context: dict[str, Any], where: str) -> bool:
        """Evaluate a `when` expression to a boolean."""
        return bool(guard(lambda: self._expression(expression)(**context), where, expression))

    def evaluate_list(self, expression: str, context: dict[str, Any], where: str) -> list[str]:
        """Evaluate an `items_from` expression to a list of printable strings."""
        value = guard(lambda: self._expression(expression)(**context), where, expression)
        if not isinstance(value, list | tuple) or any(v is None for v in value):
            raise TemplateError(f"{where}: {expression} must give a list of values")
        return [str(v) for v in value]

    @functools.lru_cache(maxsize=2048)  # noqa: B019 - one TemplateSet lives per run
    def _compile(self, source: str) -> Any:
        return self.text_env.from_string(source)

    @functools.lru_cache(maxsize=512)  # noqa: B019
    def _expression(self, expression: str) -> Any:
        return self.text_env.compile_expression(expression, undefined_to_none=False)


def guard(action: Callable[[], Any], where: str, source: str = "") -> Any:
    """Run a template action; turn every failure into a TemplateError that says where.

    Jinja's messages quote names, and a name looked up from data (`plan[client.legal_name]`)
    is client data: anything quoted that the template's own `source` does not contain is left
    out of the message.
    """
    try:
        return action()
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"{where}: template syntax error on line {exc.lineno}: {exc.message}"
        ) from None
    except UndefinedError as exc:
        raise TemplateError(
            f"{where}: {scrub(exc.message or '', source)}; the value does not exist in the context"
        ) from None
    except SecurityError as exc:
        raise TemplateError(
            f"{where}: not allowed in a template: {scrub(str(exc), source)}"
        ) from None
    except TemplateError as exc:
        raise TemplateError(f"{where}: {exc}") from None
    except Exception as exc:  # e.g. arithmetic on a text value; the message could quote data
        raise TemplateError(
            f"{where}: the template failed ({type(exc).__name__}); check the expression"
        ) from None


_QUOTED = re.compile(r"'([^']*)'( object)?")
_TYPE_NAME = re.compile(r"[\w.]+( object)?")
_CONSTANTS = frozenset({"None", "True", "False"})


def scrub(message: str, source: str) -> str:
    """Replace each quoted part of a Jinja message that is not in the template's source.

    Type names (`'str' object`, `'dict object'`) and `'None'` are kept: they are not data.
    """

    def keep(match: re.Match[str]) -> str:
        text, after = match.group(1), match.group(2) or ""
        is_type = _TYPE_NAME.fullmatch(text) and (after or text.endswith(" object"))
        if is_type or text in _CONSTANTS or (text and text in source):
            return match.group()
        return "(a value from the data)" + after

    return _QUOTED.sub(keep, message)
