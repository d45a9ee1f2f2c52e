"""The Starlette application: its routes, its guard, and pages for every error."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import KapConsentError
from . import routes_client, routes_clients, routes_packets, routes_practice, routes_roster
from .actions import WebSettings
from .jobs import Jobs
from .pages import message_page
from .roster_upload import Uploads
from .security import Guard

LOCAL_HOSTS = ["127.0.0.1", "localhost"]
"""Host names a local server answers to (another name could be a DNS-rebinding page)."""

ROUTES = [
    Route("/", routes_practice.practice_page),
    Route("/client", routes_client.new_client),
    Route("/client", routes_client.submit_client, methods=["POST"]),
    Route("/packets/{client_id}", routes_packets.packet_page),
    Route("/packets/{client_id}/files/{name}", routes_packets.packet_file),
    Route("/packets/{client_id}/preview/{stem}.png", routes_packets.preview),
    Route("/packets/{client_id}/zip", routes_packets.packet_zip),
    Route("/clients", routes_clients.clients_page),
    Route("/clients/verify", routes_clients.verify, methods=["POST"]),
    Route("/clients/regenerate", routes_clients.regenerate, methods=["POST"]),
    Route("/roster", routes_roster.roster_page),
    Route("/roster", routes_roster.upload, methods=["POST"]),
    Route("/roster/generate", routes_roster.generate, methods=["POST"]),
    Route("/jobs/{job_id}", routes_roster.job_page),
    Mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static"),
]


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return message_page(request, "Not possible", exc.detail, exc.status_code)


async def _tool_error(request: Request, exc: Exception) -> Response:
    return message_page(request, "Not possible", str(exc), 422)


async def _server_error(request: Request, exc: Exception) -> Response:
    """Name the kind of failure only: its message or traceback could quote client data."""
    message = (
        f"Unexpected error ({type(exc).__name__}) in kap-consent, not in your files; no packet "
        "was half-written. Please report it with what you did."
    )
    return message_page(request, "Unexpected error", message, 500)


def create_app(settings: WebSettings, hosts: list[str] | None = None) -> Starlette:
    """Return the web application for one practice file and output folder."""
    app = Starlette(
        debug=False,
        routes=ROUTES,
        middleware=[
            Middleware(TrustedHostMiddleware, allowed_hosts=hosts or LOCAL_HOSTS),
            Middleware(Guard, password=settings.password),
        ],
        exception_handlers={
            HTTPException: _http_error,
            KapConsentError: _tool_error,
            Exception: _server_error,
        },
    )
    app.state.settings = settings
    app.state.jobs = Jobs()
    app.state.uploads = Uploads()
    return app


__all__ = ["WebSettings", "create_app"]
