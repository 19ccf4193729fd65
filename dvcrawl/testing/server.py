"""A real HTTP server on loopback that serves recorded site snapshots, with faults layered on.

Used by the fault-injection tests (tests/test_faults*.py) and the benchmark: the crawler talks
to it over real TCP exactly as to a live site, but nothing leaves the machine. Only loopback
addresses (127.0.0.0/8) are accepted.

    from dvcrawl.testing.server import LocalServer, Fault

    with LocalServer() as server:
        site = server.add_site("snapshots/backan", host="127.0.0.2")
        site.base                            # 'http://127.0.0.2:41873'
        site.url("https://backan.dcs.vn/cong-tac-dan-van/")   # the same page on the server
        site.fault("/cong-tac-dan-van/", Fault.status(503, retry_after=1, times=2))
        site.page("/robots.txt", "User-agent: *\\nDisallow: /private/\\n")
        server.write_registry("registry.toml")   # DVCRAWL_REGISTRY for `scrapy crawl backan`

Each site listens on its own loopback host and an ephemeral port. Every absolute link to the
site's recorded origin (`https://backan.dcs.vn`) in bodies and `Location` headers is rewritten
to the local address, so the crawl stays on the server. A URL the snapshot does not hold is a
404, as in offline replay.

Faults are set per URL path (path plus query, as requested). On each request the first
*error* fault that still has turns left (`times`, None = for ever) decides the answer;
*content* faults (recode, entities, gzip, sub) change every answer of the path. A
`python -m dvcrawl.testing.server FOLDER…` command serves folders for manual testing.
"""
from __future__ import annotations

import gzip
import ipaddress
import logging
import re
import socket
import struct
import sys
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Callable
from urllib.parse import urlsplit

from dvcrawl.downloadermiddlewares.charset import VIETNAMESE_1258
from dvcrawl.replay import Snapshot
from dvcrawl.testing.registry import loopback_entry, write_registry

logger = logging.getLogger(__name__)

ERROR_KINDS = ("status", "delay", "reset", "truncate", "redirect", "oversize", "bomb")
CONTENT_KINDS = ("sub", "recode", "entities", "gzip")


@dataclass
class Fault:
    """One fault on a path. Build with the class methods; `times` = how many requests it hits."""

    kind: str
    params: dict = field(default_factory=dict)
    times: int | None = None

    # error faults: decide the answer while they have turns left -----------------------------
    @classmethod
    def status(cls, code: int = 503, retry_after: int | None = None, times: int | None = None,
               body: str = "<html><body><h1>Service Unavailable</h1></body></html>"):
        """Answer `code` (with `Retry-After: retry_after` when given)."""
        return cls("status", {"code": code, "retry_after": retry_after, "body": body}, times)

    @classmethod
    def delay(cls, seconds: float, times: int | None = None):
        """Wait `seconds` before answering normally (longer than the client's timeout = a timeout)."""
        return cls("delay", {"seconds": seconds}, times)

    @classmethod
    def reset(cls, times: int | None = None):
        """Reset the TCP connection (RST) without answering."""
        return cls("reset", {}, times)

    @classmethod
    def truncate(cls, keep: float = 0.5, times: int | None = None):
        """Declare the full Content-Length, send only the first `keep` share of the body, close."""
        return cls("truncate", {"keep": keep}, times)

    @classmethod
    def redirect(cls, location: str, status: int = 302, times: int | None = None):
        """Redirect to `location` (a path on the same site, or an absolute URL)."""
        return cls("redirect", {"location": location, "code": status}, times)

    @classmethod
    def oversize(cls, size: int = 64 * 1024 * 1024, declare_length: bool = True, times: int | None = None):
        """A body of `size` bytes, streamed; with or without a Content-Length announcing it."""
        return cls("oversize", {"size": size, "declare_length": declare_length}, times)

    @classmethod
    def bomb(cls, size: int = 64 * 1024 * 1024, times: int | None = None):
        """A gzip-encoded body (about size/1000 bytes) that inflates to `size` bytes."""
        _bomb(size)  # built now, not while a client waits
        return cls("bomb", {"size": size}, times)

    # content faults: change every answer of the path ----------------------------------------
    @classmethod
    def sub(cls, old: str | bytes, new: str | bytes, count: int = -1):
        """Replace `old` by `new` in the body (after link rewriting, before recoding)."""
        enc = lambda s: s.encode("utf-8") if isinstance(s, str) else s  # noqa: E731
        return cls("sub", {"old": enc(old), "new": enc(new), "count": count})

    @classmethod
    def recode(cls, encoding: str, declare: str | None = "same", meta: str | None = "same"):
        """Re-encode the (UTF-8) page in `encoding`. `declare` is the charset put in the
        Content-Type header and `meta` the one in the page's <meta> tags: "same" = `encoding`,
        None = no charset at all there, any other value = a false declaration."""
        return cls("recode", {"encoding": encoding, "declare": declare, "meta": meta})

    @classmethod
    def entities(cls, declare: str | None = None):
        """Write every non-ASCII character as a numeric entity (&#7879;); no charset by default."""
        return cls("entities", {"declare": declare})

    @classmethod
    def gzip(cls):
        """Send the body gzip-compressed with `Content-Encoding: gzip`."""
        return cls("gzip", {})


Handler = Callable[[str], "tuple[int, dict, bytes | str] | None"]


def _check_loopback(host: str) -> str:
    if not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"{host}: the local server only listens on loopback addresses")
    return host


def encode_as(text: str, encoding: str) -> bytes:
    if encoding.lower().replace("-", "") in ("cp1258", "windows1258"):
        return text.encode(VIETNAMESE_1258)
    return text.encode(encoding, "xmlcharrefreplace")


_META_CHARSET = re.compile(rb"""(<meta[^>]*?charset\s*=\s*["']?)([\w-]+)""", re.I)
_META_HTTP_EQUIV = re.compile(rb"""<meta[^>]*http-equiv\s*=\s*["']?content-type[^>]*>""", re.I)
_META_CHARSET_TAG = re.compile(rb"""<meta[^>]*charset\s*=[^>]*>""", re.I)


def _set_content_type(headers: dict, charset: str | None) -> None:
    ctype = next((v for k, v in headers.items() if k.lower() == "content-type"), "text/html")
    for k in [k for k in headers if k.lower() == "content-type"]:
        del headers[k]
    mime = ctype.split(";")[0].strip() or "text/html"
    headers["Content-Type"] = f"{mime}; charset={charset}" if charset else mime


class LocalSite:
    """One snapshot folder served on one loopback host:port."""

    def __init__(self, server: "LocalServer", folder: str | Path, host: str):
        self.server = server
        self.snapshot = Snapshot(folder)
        meta = self.snapshot.site
        self.id: str = meta.get("id") or Path(folder).name
        home = meta.get("home") or next(iter(self.snapshot.records))
        parts = urlsplit(home)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.hostname = parts.hostname or ""
        self.start_urls: list[str] = list(meta.get("start_urls") or [home])
        self.host = _check_loopback(host)
        self.httpd = _Server((host, 0), _RequestHandler)
        self.httpd.site = self
        self.port = self.httpd.server_address[1]
        self.base = f"http://{host}:{self.port}"
        self.faults: dict[str, list[Fault]] = {}
        self.pages: dict[str, tuple[int, dict, bytes]] = {}
        self.routes: list[tuple[str, Handler]] = []
        self.requests: list[tuple[str, str]] = []  # (path, what was answered), in order
        self.arrivals: list[tuple[float, str]] = []  # (time.monotonic(), path) of each request
        self.user_agents: set[str] = set()
        self.headers_received: set[tuple[str, str]] = set()  # (name, value) as read (latin-1)
        self.lock = threading.Lock()
        self.active = 0
        self.max_active = 0  # most requests served at the same time (politeness checks)
        self._thread: threading.Thread | None = None

    # addresses -------------------------------------------------------------------------------
    def url(self, url_or_path: str) -> str:
        """The local address of a recorded URL (or of a path on this site)."""
        if url_or_path.startswith("/"):
            return self.base + url_or_path
        parts = urlsplit(url_or_path)
        if parts.hostname != self.hostname:
            return url_or_path
        return self.base + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    def original(self, local_url: str) -> str:
        """The recorded URL a local address stands for."""
        return local_url.replace(self.base, self.origin, 1) if local_url.startswith(self.base) else local_url

    def rewrite(self, data: bytes) -> bytes:
        local = self.base.encode()
        for prefix in (f"https://{self.hostname}", f"http://{self.hostname}"):
            data = re.sub(re.escape(prefix.encode()) + rb"(?::\d+)?(?![\w.-])", local, data, flags=re.I)
        return re.sub(rb"(?<![\w:])//" + re.escape(self.hostname.encode()) + rb"(?![\w.-])",
                      b"//" + local.split(b"//", 1)[1], data, flags=re.I)

    # configuration ---------------------------------------------------------------------------
    def fault(self, path: str, *faults: Fault) -> "LocalSite":
        """Add faults to a path (`/a/b.html?x=1`; a full recorded or local URL is accepted)."""
        self.faults.setdefault(self._path(path), []).extend(faults)
        return self

    def page(self, path: str, body: bytes | str, status: int = 200, headers: dict | None = None) -> "LocalSite":
        """Serve `body` at `path` (a page the snapshot does not have, or in place of one).
        A str body is sent in UTF-8 with `text/html; charset=utf-8` unless headers say otherwise."""
        if isinstance(body, str):
            body = body.encode("utf-8")
            headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
        self.pages[self._path(path)] = (status, dict(headers or {"Content-Type": "text/html"}), body)
        return self

    def route(self, prefix: str, handler: Handler) -> "LocalSite":
        """Answer every path starting with `prefix` with `handler(path)` → (status, headers, body)."""
        self.routes.append((prefix, handler))
        return self

    def recorded(self, path: str) -> tuple[int, dict, bytes]:
        """(status, headers, body) of a recorded path, links already rewritten to this server."""
        status, headers, body = self.snapshot.lookup(self.origin + self._path(path))
        headers = {k: (self.rewrite(v.encode()).decode() if k.lower() in ("location", "refresh") else v)
                   for k, v in headers.items()}
        return status, headers, self.rewrite(body)

    def hits(self, path: str) -> int:
        """How many requests `path` received."""
        path = self._path(path)
        return sum(1 for p, _ in self.requests if p == path)

    def _path(self, path: str) -> str:
        if not path.startswith("/"):
            parts = urlsplit(path)
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return path

    # serving ---------------------------------------------------------------------------------
    def _next_error_fault(self, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults.get(path, ()):
                if fault.kind in ERROR_KINDS and (fault.times is None or fault.times > 0):
                    if fault.times is not None:
                        fault.times -= 1
                    return fault
        return None

    def answer(self, path: str) -> tuple[int, dict, bytes]:
        """The normal answer for `path`, content faults applied."""
        if path in self.pages:
            status, headers, body = self.pages[path]
            headers, body = dict(headers), self.rewrite(body)
        else:
            for prefix, handler in self.routes:
                if path.startswith(prefix):
                    got = handler(path)
                    if got is not None:
                        status, headers, body = got
                        if isinstance(body, str):
                            body = body.encode("utf-8")
                            headers = {"Content-Type": "text/html; charset=utf-8", **headers}
                        body = self.rewrite(body)
                        break
            else:
                status, headers, body = self.recorded(path)
        for fault in self.faults.get(path, ()):
            if fault.kind in CONTENT_KINDS:
                headers, body = _apply_content(fault, headers, body)
        return status, headers, body

    def start(self) -> None:
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"localserver-{self.id}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _apply_content(fault: Fault, headers: dict, body: bytes) -> tuple[dict, bytes]:
    p = fault.params
    headers = dict(headers)
    if fault.kind == "sub":
        return headers, body.replace(p["old"], p["new"], p["count"])
    if fault.kind == "gzip":
        headers["Content-Encoding"] = "gzip"
        return headers, gzip.compress(body, mtime=0)
    text = body.decode("utf-8")
    if fault.kind == "recode":
        declare = p["encoding"] if p["declare"] == "same" else p["declare"]
        meta = p["encoding"] if p["meta"] == "same" else p["meta"]
        _set_content_type(headers, declare)
        data = text.encode("utf-8")
        if meta is None:
            data = _META_CHARSET_TAG.sub(b"", _META_HTTP_EQUIV.sub(b"", data))
        else:
            data = _META_CHARSET.sub(lambda m: m.group(1) + meta.encode(), data)
            if not _META_CHARSET.search(data):
                data = re.sub(rb"(<head[^>]*>)", rb'\1<meta charset="' + meta.encode() + b'">', data, 1, re.I)
        return headers, encode_as(data.decode("utf-8"), p["encoding"])
    if fault.kind == "entities":
        _set_content_type(headers, p["declare"])
        data = _META_CHARSET_TAG.sub(b"", _META_HTTP_EQUIV.sub(b"", text.encode("utf-8")))
        return headers, data.decode("utf-8").encode("ascii", "xmlcharrefreplace")
    raise ValueError(fault.kind)


_BOMBS: dict[int, bytes] = {}


def _bomb(size: int) -> bytes:
    if size not in _BOMBS:
        chunk = b" " * (1024 * 1024)
        z = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: gzip framing
        parts = [z.compress(b"<html><body>")]
        for _ in range(size // len(chunk)):
            parts.append(z.compress(chunk))
        parts.append(z.flush())
        _BOMBS[size] = b"".join(parts)
    return _BOMBS[size]


_HUNG_UP = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, socket.timeout)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    site: LocalSite

    def handle_error(self, request, client_address):
        """A client that hung up is not our error; anything else (a bug of the server or of a
        test's route handler) is logged with its traceback: the client only saw a dropped
        connection, which a fault test could take for the fault it injected."""
        if isinstance(sys.exc_info()[1], _HUNG_UP):
            return
        logger.error("%s: unexpected error answering %s:%s", self.site.id, *client_address[:2], exc_info=True)


class _RequestHandler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"
    server_version = "dvcrawl-localserver/1"

    def log_message(self, format, *args):  # quiet
        pass

    def do_HEAD(self):
        self.do_GET(head=True)

    def do_GET(self, head: bool = False):
        site = self.server.site
        with site.lock:
            site.active += 1
            site.max_active = max(site.max_active, site.active)
            site.user_agents.add(self.headers.get("User-Agent", ""))
            site.headers_received.update(self.headers.items())
            site.arrivals.append((time.monotonic(), self.path))
        try:
            self._serve(site, head)
        except _HUNG_UP:
            pass
        finally:
            with site.lock:
                site.active -= 1

    def _log(self, site: LocalSite, path: str, what: str) -> None:
        with site.lock:
            site.requests.append((path, what))

    def _send(self, status: int, headers: dict, body: bytes, head: bool = False,
              length: int | None = None) -> None:
        self.send_response(status)
        for key, value in headers.items():
            if key.lower() not in ("content-length", "transfer-encoding", "connection"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.send_header("Connection", "close")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _serve(self, site: LocalSite, head: bool) -> None:
        path = self.path
        fault = site._next_error_fault(path)
        kind = fault.kind if fault else None
        p = fault.params if fault else {}
        if kind == "delay":
            self._log(site, path, f"delay {p['seconds']}s")
            time.sleep(p["seconds"])
            fault, kind = None, None
        if kind == "status":
            headers = {"Content-Type": "text/html; charset=utf-8"}
            if p.get("retry_after") is not None:
                headers["Retry-After"] = str(p["retry_after"])
            self._log(site, path, f"status {p['code']}")
            return self._send(p["code"], headers, p["body"].encode("utf-8"), head)
        if kind == "reset":
            self._log(site, path, "reset")
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        if kind == "redirect":
            location = p["location"]
            location = site.base + location if location.startswith("/") else location
            self._log(site, path, f"redirect {location}")
            return self._send(p["code"], {"Location": location, "Content-Type": "text/html"}, b"", head)
        if kind == "oversize":
            self._log(site, path, f"oversize {p['size']}")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            if p["declare_length"]:
                self.send_header("Content-Length", str(p["size"]))
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"<p>" + b"x" * 65530 + b"</p>\n"
            sent = 0
            while sent < p["size"] and not head:
                self.wfile.write(chunk)
                sent += len(chunk)
            return
        if kind == "bomb":
            self._log(site, path, f"bomb {p['size']}")
            return self._send(200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
                              _bomb(p["size"]), head)
        status, headers, body = site.answer(path)
        if kind == "truncate":
            self._log(site, path, "truncate")
            return self._send(status, headers, body[: int(len(body) * p["keep"])], head, length=len(body))
        self._log(site, path, f"status {status}")
        self._send(status, headers, body, head)


class LocalServer:
    """Serves snapshot folders on loopback, one host:port per site. A context manager."""

    def __init__(self):
        self.sites: dict[str, LocalSite] = {}
        self.started = False

    def add_site(self, folder: str | Path, host: str = "127.0.0.1", site_id: str | None = None) -> LocalSite:
        site = LocalSite(self, folder, host)
        if site_id:
            site.id = site_id
        self.sites[site.id] = site
        if self.started:
            site.start()
        return site

    def __getitem__(self, site_id: str) -> LocalSite:
        return self.sites[site_id]

    def start(self) -> "LocalServer":
        for site in self.sites.values():
            if site._thread is None:
                site.start()
        self.started = True
        return self

    def stop(self) -> None:
        for site in self.sites.values():
            site.stop()
        self.started = False

    def __enter__(self) -> "LocalServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def write_registry(self, path: str | Path, extra_start_urls: dict[str, list[str]] | None = None) -> Path:
        """Write a site registry (sites.toml format) whose served sites point at this server.

        Site facts come from the bundled registry (falling back to the snapshot's site.json);
        `extra_start_urls` adds start URLs (paths or URLs) per site id."""
        from dvcrawl.registry import DEFAULT_REGISTRY, load_registry

        known = load_registry(str(DEFAULT_REGISTRY))
        entries = []
        for site_id, site in self.sites.items():
            meta = site.snapshot.site
            facts = known.get(site_id) or SimpleNamespace(
                id=site_id, name=meta.get("name", site_id), province=meta.get("province", "?"),
                province_2025=meta.get("province_2025", "?"), level=meta.get("level", "province"),
                home=meta.get("home", site.origin + "/"), start_urls=site.start_urls,
                template=meta.get("template", ""))
            starts = [site.url(u) for u in (*facts.start_urls, *(extra_start_urls or {}).get(site_id, []))]
            entries.append(loopback_entry(facts, site.url(facts.home), site.host, starts))
        return write_registry(entries, path, "dvcrawl.testing.server: sites served on loopback")


def main(argv: list[str] | None = None) -> int:
    """`python -m dvcrawl.testing.server FOLDER… [--registry FILE]`: serve folders until Ctrl-C."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m dvcrawl.testing.server", description=main.__doc__)
    parser.add_argument("folders", nargs="+", help="snapshot folders")
    parser.add_argument("--host", default="127.0.0.1", help="first loopback host (default 127.0.0.1)")
    parser.add_argument("--registry", help="write a site registry pointing at the server here")
    args = parser.parse_args(argv)
    server = LocalServer()
    first = ipaddress.ip_address(args.host)
    for n, folder in enumerate(args.folders):
        server.add_site(folder, host=str(first + n) if str(first) != "127.0.0.1" else "127.0.0.1")
    with server:
        for site in server.sites.values():
            print(f"{site.id}: {site.origin} -> {site.base}", flush=True)
        if args.registry:
            server.write_registry(args.registry)
            print(f"registry: {args.registry}  (export DVCRAWL_REGISTRY={args.registry})", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
