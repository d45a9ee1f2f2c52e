"""The Jinja environments and the template search path (practice folder first, packaged last)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import ValidationError

from . import overrides
from .content import DocumentDef
from .errors import TemplateError
from .resources import load_yaml, packaged_dir


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
            _refuse(override_dir, overrides.folder_problems(override_dir))
        self.override_dir = override_dir
        self.search_path = [p for p in (override_dir, packaged_dir()) if p is not None]
        self.text_env = make_environment(autoescape=False)

    def read_text(self, relative: str) -> str:
        """Return the text of the first file named `relative` along the search path."""
        return overrides.read_text(self.override_dir, self.find(relative))

    def find(self, relative: str) -> Path:
        """Return the first file named `relative` along the search path."""
        for root in self.search_path:
            candidate = root / relative
            if candidate.is_file():
                return candidate
        raise TemplateError(
            f"template {relative} not found in {', '.join(map(str, self.search_path))}"
        )

    def document_defs(self) -> list[DocumentDef]:
        """Return every document definition, overrides applied, in packet order."""
        names = sorted(
            {p.name for root in self.search_path for p in (root / "documents").glob("*.yaml")}
        )
        docs = [self._load_document(self.find(f"documents/{name}")) for name in names]
        if self.override_dir is not None:
            forms = {d.form_id: [c.id for s in d.sections for c in s.clauses] for d in docs}
            _refuse(self.override_dir, overrides.name_problems(self.override_dir, forms))
        return sorted(docs, key=lambda d: d.number)

    def _load_document(self, path: Path) -> DocumentDef:
        try:
            data = load_yaml(overrides.read_text(self.override_dir, path))
            doc = DocumentDef.model_validate(data)
        except yaml.YAMLError as exc:
            raise TemplateError(f"{path}: cannot read the wording file: {exc}") from None
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
            )
            raise TemplateError(f"{path}: invalid wording file: {problems}") from None
        if path.stem != doc.form_id:
            raise TemplateError(
                f"{path}: form_id: is {doc.form_id}, but the file is named {path.name}; "
                f"name the file {doc.form_id}.yaml"
            )
        return self._apply_clause_overrides(doc)

    def _apply_clause_overrides(self, doc: DocumentDef) -> DocumentDef:
        if self.override_dir is None:
            return doc
        folder = self.override_dir / "clauses" / doc.form_id
        sections = []
        for section in doc.sections:
            clauses = []
            for clause in section.clauses:
                override = folder / f"{clause.id}.txt"
                if override.is_file():
                    clause = clause.model_copy(
                        update={"text": overrides.read_text(self.override_dir, override)}
                    )
                clauses.append(clause)
            sections.append(section.model_copy(update={"clauses": clauses}))
        return doc.model_copy(update={"sections": sections})

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


def _refuse(folder: Path, problems: list[str]) -> None:
    """Raise one TemplateError listing every problem of the override folder, if any."""
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        listed = "".join(f"\n  {p}" for p in problems)
        raise TemplateError(
            f"the templates folder {folder} cannot be used ({count}); nothing was written:{listed}"
        )


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
