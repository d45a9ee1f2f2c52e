"""Run the web page with uvicorn, without an access log (URLs must never reach a log)."""

from __future__ import annotations

import logging
import threading
import webbrowser

from .actions import WebSettings
from .app import LOCAL_HOSTS, create_app

LOCAL = "127.0.0.1"


def serve(
    settings: WebSettings,
    host: str = LOCAL,
    port: int = 8000,
    open_browser: bool = True,
) -> None:
    """Serve until interrupted; open the browser on the page once the server listens."""
    import uvicorn

    hosts = LOCAL_HOSTS if host == LOCAL else ["*"]
    config = uvicorn.Config(
        create_app(settings, hosts),
        host=host,
        port=port,
        access_log=False,
        log_level="warning",
        server_header=False,
    )
    logging.getLogger("uvicorn.error").addFilter(without_traceback)
    server = uvicorn.Server(config)
    if open_browser:
        url = f"http://{LOCAL if host == LOCAL else host}:{port}/"
        threading.Timer(1.0, webbrowser.open, [url]).start()
    server.run()


def without_traceback(record: logging.LogRecord) -> bool:
    """Log a failure by its kind only: a traceback's values could quote client data."""
    if record.exc_info and record.exc_info[1] is not None:
        kind = type(record.exc_info[1]).__name__
        record.msg, record.args = f"{record.getMessage()} ({kind}; details withheld)", ()
        record.exc_info, record.exc_text = None, None
    return True
