"""The practice page: the practice file as read now, with its problems at the top."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..errors import DataError
from ..loading import load_practice
from ..models import Practice
from .actions import WebSettings
from .pages import page


def read_practice(settings: WebSettings) -> tuple[Practice | None, list[str]]:
    """Return the practice (None when invalid) and the file's problems, as the CLI words them."""
    try:
        return load_practice(settings.practice_file), []
    except DataError as error:
        return None, error.problems


async def practice_page(request: Request) -> Response:
    """Show the practice; the file is read again on every visit (the Reload button)."""
    settings: WebSettings = request.app.state.settings
    practice, problems = read_practice(settings)
    return page(
        request,
        "practice.html",
        practice=practice,
        problems=problems,
        practice_file=settings.practice_file.resolve(),
    )
