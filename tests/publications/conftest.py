import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import pytest

DATA = Path(__file__).parent / "data"


class _CrossrefHandler(BaseHTTPRequestHandler):
    works: dict = {}

    def do_GET(self):  # noqa: N802
        doi = unquote(self.path.removeprefix("/works/")).lower()
        body = self.works.get(doi)
        if body is None:
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"Resource not found.")
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def crossref_server(settings):
    """A local HTTP server answering like api.crossref.org with recorded JSON. Never the real network."""
    recorded = (DATA / "crossref-work.json").read_bytes()
    handler = type(
        "Handler", (_CrossrefHandler,), {"works": {json.loads(recorded)["message"]["DOI"].lower(): recorded}}
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CROSSREF_API_URL = f"http://127.0.0.1:{server.server_port}"
    settings.CROSSREF_TIMEOUT = 5
    yield server
    server.shutdown()
    server.server_close()
