"""What every request passes: the password, the size limit, the host, and the CSRF token.

The CSRF token is a random value in a SameSite cookie that each form repeats in a hidden
field (a double-submit token); another site can neither read the cookie nor set the field.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets
from collections.abc import Awaitable, Callable

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

CSRF_COOKIE = "kap_csrf"
CSRF_FIELD = "csrf_token"
MAX_REQUEST_BYTES = 6 * 1024 * 1024
"""A roster upload of at most 5 MB, plus the form around it."""
EXPIRED = "This form has expired or came from another page; reload the page and try again."

Next = Callable[[Request], Awaitable[Response]]


class Guard(BaseHTTPMiddleware):
    """Ask for the password (when one is set), refuse big requests, hand out the CSRF token."""

    def __init__(self, app: object, password: str | None) -> None:
        super().__init__(app)  # type: ignore[arg-type]
        self.password = password

    async def dispatch(self, request: Request, call_next: Next) -> Response:
        if self.password is not None and not _password_ok(request, self.password):
            return PlainTextResponse(
                "Enter the password given to kap-consent serve.",
                status_code=401,
                headers={"WWW-Authenticate": 'Basic realm="kap-consent"'},
            )
        length = request.headers.get("content-length", "0")
        if not length.isdigit() or int(length) > MAX_REQUEST_BYTES:
            return PlainTextResponse(
                "The upload is too large: a roster may be at most 5 MB.", status_code=413
            )
        token = request.cookies.get(CSRF_COOKIE)
        fresh = token is None or len(token) != 43
        request.state.csrf_token = secrets.token_urlsafe(32) if fresh else token
        response = await call_next(request)
        if fresh:
            response.set_cookie(
                CSRF_COOKIE, request.state.csrf_token, httponly=True, samesite="strict"
            )
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("Cache-Control", "no-store")
        return response


def _password_ok(request: Request, password: str) -> bool:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        _, _, given = base64.b64decode(value, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return False
    return hmac.compare_digest(given.encode(), password.encode())


async def checked_form(request: Request) -> FormData:
    """Read a POSTed form and refuse it unless it carries this browser's CSRF token."""
    form = await request.form(max_files=1, max_fields=200, max_part_size=MAX_REQUEST_BYTES)
    sent = form.get(CSRF_FIELD)
    cookie = request.cookies.get(CSRF_COOKIE)
    if not isinstance(sent, str) or cookie is None or not hmac.compare_digest(sent, cookie):
        raise HTTPException(403, EXPIRED)
    return form
