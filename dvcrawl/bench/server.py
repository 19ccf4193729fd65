"""A small, fast loopback HTTP/1.1 server for the synthetic site set (one process, asyncio).

Each site gets its own loopback address (127.0.0.2, 127.0.0.3, …) so Scrapy sees one host per
site, as on the real web. Pages are rendered on request from the compiled templates (a string
join), keep-alive is supported, and nothing is logged, so the server stays far from being the
bottleneck: it runs in its own process and the bare-Scrapy ceiling is measured against it too.

Run as `python -m dvcrawl.bench.server --articles N --snapshots DIR --manifest FILE`: it writes
FILE (JSON: the port and every URL of every site) once it listens, then serves until its
standard input closes or it is terminated.
"""
import argparse
import asyncio
import json
import os
import signal
import sys
from pathlib import Path

from dvcrawl.bench.synth import SiteSet
from dvcrawl.registry import DEFAULT_REGISTRY, load_registry

_HEAD = (b"HTTP/1.1 %d %s\r\nContent-Type: text/html; charset=utf-8\r\n"
         b"Content-Length: %d\r\nServer: dvcrawl-bench\r\n\r\n")
_NOT_FOUND = b"<html><body>404 Not Found</body></html>"


class _Protocol(asyncio.Protocol):
    __slots__ = ("sites", "s", "port", "transport", "buf", "stats")

    def __init__(self, sites: SiteSet, s: int, port: int, stats: dict):
        self.sites, self.s, self.port, self.stats = sites, s, port, stats
        self.buf = b""
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data: bytes):
        self.buf += data
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head, self.buf = self.buf[:end], self.buf[end + 4:]
            line, _, headers = head.partition(b"\r\n")
            parts = line.split(b" ")
            target = parts[1].decode("latin-1") if len(parts) > 1 else "/"
            page = self.sites.render(self.s, target, self.port)
            if page is None:
                body, status, reason = _NOT_FOUND, 404, b"Not Found"
            else:
                body, status, reason = page.encode("utf-8"), 200, b"OK"
            self.stats["requests"] += 1
            self.transport.write(_HEAD % (status, reason, len(body)) + body)
            if b"connection: close" in headers.lower():
                self.transport.close()
                return


async def serve(sites: SiteSet, manifest: Path, port: int = 0) -> None:
    loop = asyncio.get_running_loop()
    stats = {"requests": 0}
    servers = []
    ports = []
    for s, host in enumerate(sites.hosts[:len(sites.sites)]):
        holder = {}
        server = await loop.create_server(
            lambda s=s, holder=holder: _Protocol(sites, s, holder["port"], stats),
            host=host, port=port, backlog=1024, reuse_address=True)
        holder["port"] = server.sockets[0].getsockname()[1]
        ports.append(holder["port"])
        servers.append(server)
    data = {"pid": os.getpid(), "articles": sites.n, "expected_items": sites.expected_items(),
            "duplicates": sites.duplicates, "syndicated": sites.syndicated, "pages": sites.pages,
            "sites": [{"id": st.id, "host": sites.hosts[s], "port": ports[s],
                       "start_url": sites.base(s, ports[s]) + st.start_path,
                       "urls": sites.urls(s, ports[s]),
                       "listing_urls": sites.urls(s, ports[s])[:sites.listing_pages(s)]}
                      for s, st in enumerate(sites.sites)]}
    tmp = manifest.with_suffix(".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    tmp.replace(manifest)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    try:  # the benchmark closes our standard input to stop us
        loop.add_reader(sys.stdin.fileno(), lambda: stop.set() if not os.read(sys.stdin.fileno(), 1024) else None)
    except (OSError, ValueError):
        pass  # not a pipe: SIGTERM / SIGINT only
    await stop.wait()
    for server in servers:
        server.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--snapshots", required=True)
    parser.add_argument("--manifest", required=True)
    args = parser.parse_args(argv)
    sites = SiteSet(Path(args.snapshots), load_registry(str(DEFAULT_REGISTRY)), args.articles)
    asyncio.run(serve(sites, Path(args.manifest)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
