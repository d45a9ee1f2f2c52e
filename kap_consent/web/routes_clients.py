"""The clients the record knows, what each was given, verify, re-generate, the re-consent list."""

from __future__ import annotations

from collections import defaultdict

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..audit import Outdated, find_outdated, verify_file
from ..errors import KapConsentError
from ..output import packet_dir
from ..record import RECORD_NAME, GivenDocument, open_record
from .actions import WebSettings, generate_file, saved_form
from .pages import message_page, page
from .security import checked_form


def _given_by_client(settings: WebSettings) -> dict[str, list[GivenDocument]]:
    """Each client's latest document of each form, from the record (none before a packet)."""
    record = settings.out_dir / RECORD_NAME
    if not record.exists():
        return {}
    with open_record(record, create=False) as opened:
        latest = opened.latest()
    given: dict[str, list[GivenDocument]] = defaultdict(list)
    for document in latest:
        given[document.client_id].append(document)
    return dict(sorted(given.items()))


async def clients_page(request: Request) -> Response:
    """List the clients, what each was given, and who must sign a form again."""
    settings: WebSettings = request.app.state.settings
    record = settings.out_dir / RECORD_NAME
    outdated: list[Outdated] = find_outdated(record) if record.exists() else []
    given = _given_by_client(settings)
    return page(
        request,
        "clients.html",
        given=given,
        outdated=outdated,
        saved={cid for cid in given if saved_form(settings, cid) is not None},
    )


async def verify(request: Request) -> Response:
    """Say, for each file of a client's packet folder, whether it is exactly as generated."""
    form = await checked_form(request)
    settings: WebSettings = request.app.state.settings
    client_id = str(form.get("client_id") or "")
    folder = packet_dir(settings.out_dir, client_id)
    files = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    record = settings.out_dir / RECORD_NAME
    results = [verify_file(path, record) for path in files]
    return page(request, "verify.html", client_id=client_id, results=results)


async def regenerate(request: Request) -> Response:
    """Render a client's packet again from the form last used here, once confirmed."""
    form = await checked_form(request)
    settings: WebSettings = request.app.state.settings
    client_id = str(form.get("client_id") or "")
    source = saved_form(settings, client_id)
    if source is None:
        return message_page(
            request,
            "Cannot re-generate here",
            f"{client_id} was not filled in on this page; re-generate it from the command line "
            "with its client file (kap-consent render --force --only ID).",
            404,
        )
    if form.get("confirm") != "yes":
        return page(request, "confirm.html", client_id=client_id)
    try:
        generate_file(settings, source, replace=True)
    except KapConsentError as error:
        return message_page(request, "Not generated", str(error), 422)
    return RedirectResponse(f"/packets/{client_id}", status_code=303)
