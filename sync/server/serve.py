"""Run the app under uvicorn: plain HTTP on loopback, or TLS with a certificate and key."""

from __future__ import annotations

import logging
from pathlib import Path

import uvicorn

from kiosk.i18n import N_, Translator
from sync.server.app import create_app
from sync.server.errors import CliError
from sync.server.store import ServerStore

logger = logging.getLogger(__name__)


def serve(url: str, *, host: str, port: int, certfile: Path | None, keyfile: Path | None,
          timezone: str, translator: Translator | None, secure_cookies: bool = True) -> int:
    """Serve until interrupted; returns the exit code.

    :raises CliError: for half a TLS configuration, a missing file or no translations.
    """
    if (certfile is None) != (keyfile is None):
        raise CliError(N_("TLS needs both --ssl-certfile and --ssl-keyfile."))
    for path in (certfile, keyfile):
        if path is not None and not path.is_file():
            raise CliError(N_("File not found: {path}", path=path))
    if translator is None:
        raise CliError(N_("The translations (assets/locale) are missing; the status page "
                          "cannot be shown."))
    with ServerStore.open(url) as store:
        app = create_app(store, translator=translator, timezone=timezone,
                         secure_cookies=secure_cookies)
        if not secure_cookies:
            logger.warning("console session cookies go over plain HTTP (--insecure-cookies): "
                           "anyone on the network can read them")
        scheme = "https" if certfile else "http"
        logger.info("serving %s://%s:%d/ with %s", scheme, host, port, _safe(url))
        config = uvicorn.Config(app, host=host, port=port, log_level="info",
                                ssl_certfile=str(certfile) if certfile else None,
                                ssl_keyfile=str(keyfile) if keyfile else None,
                                proxy_headers=True, server_header=False)
        server = uvicorn.Server(config)
        server.run()
        return 0 if server.started else 1


def _safe(url: str) -> str:
    """The database URL without a password."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    return f"{scheme}://{credentials.split(':')[0]}:***@{host}" if ":" in credentials else url
