"""The client form: fill in, check (each problem beside its field), generate."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..errors import Problem
from .actions import WebSettings, check_form, generate_form
from .client_form import field_names, form_sections, place_problems
from .pages import page
from .routes_practice import read_practice
from .security import checked_form


def form_page(
    request: Request,
    values: Mapping[str, str],
    problems: Sequence[Problem] = (),
    *,
    exists: bool = False,
    checked: bool = False,
    status: int = 200,
) -> Response:
    """Return the form, filled with `values`, with the problems placed beside their fields."""
    settings: WebSettings = request.app.state.settings
    practice, practice_problems = read_practice(settings)
    placed = place_problems(problems, str(settings.practice_file))
    top = placed.top if problems else practice_problems
    return page(
        request,
        "client.html",
        status,
        sections=form_sections(practice),
        values=values,
        placed=placed,
        top=top,
        exists=exists,
        checked=checked and not problems,
    )


async def new_client(request: Request) -> Response:
    """Show an empty form."""
    return form_page(request, {})


async def submit_client(request: Request) -> Response:
    """Check the form; generate when asked and when it is valid."""
    form = await checked_form(request)
    values = {name: str(form.get(name) or "") for name in field_names()}
    settings: WebSettings = request.app.state.settings
    if form.get("action") != "generate":
        problems = check_form(settings, values)
        status = 422 if problems else 200
        return form_page(request, values, problems, checked=True, status=status)
    outcome = generate_form(settings, values, replace=form.get("replace") == "yes")
    if outcome.problems:
        return form_page(request, values, outcome.problems, status=422)
    if outcome.exists:
        return form_page(request, values, exists=True, status=409)
    assert outcome.packet is not None
    return RedirectResponse(f"/packets/{outcome.packet.client_id}", status_code=303)
