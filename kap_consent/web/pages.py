"""Render the page templates: autoescaped, strict, and never with client data in the title."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import HTMLResponse

from .security import CSRF_FIELD

_ENV = Environment(
    loader=PackageLoader("kap_consent.web", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Return one page; every form on it gets this browser's CSRF token."""
    html = _ENV.get_template(name).render(
        csrf_field=CSRF_FIELD, csrf_token=request.state.csrf_token, **context
    )
    return HTMLResponse(html, status_code=status)


def message_page(request: Request, title: str, message: str, status: int) -> HTMLResponse:
    """Return a page with one plain message (errors never show a stack trace)."""
    return page(request, "message.html", status, title=title, message=message)
