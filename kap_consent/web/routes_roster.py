"""Upload a roster, see its problems row by row, render the valid rows with a progress bar."""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..errors import DataError
from .actions import WebSettings, generate_file
from .jobs import Job, Jobs
from .pages import page
from .roster_upload import MAX_ROSTER_BYTES, Uploads, check_roster, valid_rows_file
from .security import checked_form


async def roster_page(request: Request) -> Response:
    """Show the upload form."""
    return page(request, "roster.html", checked=None, problems=[], token=None)


async def upload(request: Request) -> Response:
    """Keep the uploaded roster and show its problems, and which rows can be rendered."""
    form = await checked_form(request)
    file = form.get("roster")
    if not isinstance(file, UploadFile) or not file.filename:
        return page(request, "roster.html", 422, checked=None, problems=["Choose a roster file."])
    data = await file.read(MAX_ROSTER_BYTES + 1)
    uploads: Uploads = request.app.state.uploads
    settings: WebSettings = request.app.state.settings
    try:
        token, path = uploads.add(file.filename, data)
        checked = check_roster(settings, path)
    except DataError as error:
        return page(request, "roster.html", 422, checked=None, problems=error.problems)
    return page(request, "roster.html", checked=checked, problems=[], token=token)


async def generate(request: Request) -> Response:
    """Start rendering the valid rows in the background; go to the progress page."""
    form = await checked_form(request)
    uploads: Uploads = request.app.state.uploads
    roster = uploads.take(str(form.get("token") or ""))
    if roster is None:
        raise HTTPException(404, "This upload is gone; upload the roster again.")
    settings: WebSettings = request.app.state.settings
    checked = check_roster(settings, roster)
    client_file = valid_rows_file(roster, checked.valid)
    replace = form.get("replace") == "yes"

    def work(job: Job) -> list[str]:
        def progress(client_id: str, index: int, total: int) -> None:
            job.done, job.total, job.current = index, total, client_id

        packets = generate_file(settings, client_file, replace, progress, job.skipped.append)
        return [p.client_id for p in packets]

    jobs: Jobs = request.app.state.jobs
    job_id = jobs.start(len(checked.valid), work, roster.parent)
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


async def job_page(request: Request) -> Response:
    """Show a run's progress; the page reloads itself until the run has finished."""
    jobs: Jobs = request.app.state.jobs
    job = jobs.get(request.path_params["job_id"])
    if job is None:
        raise HTTPException(404, "No such run.")
    return page(request, "job.html", job=job)
