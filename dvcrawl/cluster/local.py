"""Throwaway Scrapyd daemons on loopback, for `dvcrawl cluster-demo` and the tests.

    with LocalScrapyd(folder) as node:   # scrapyd on 127.0.0.1, a free port, files in folder
        node.url …
        node.kill()                      # the node dies with its running jobs (SIGKILL)

Each daemon runs in its own session with its own `scrapyd.conf` (eggs, logs and job
database in its folder; polling its queue every 0.2 s), from this Python, so its jobs import
the same dvcrawl and dependencies.
"""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from dvcrawl.cluster.scrapyd import Node, NodeDown
from dvcrawl.testing.postgres import free_port

_CONF = """[scrapyd]
bind_address = 127.0.0.1
http_port = {port}
eggs_dir = {folder}/eggs
logs_dir = {folder}/logs
dbs_dir = {folder}/dbs
items_dir =
jobs_to_keep = 100
poll_interval = 0.2
max_proc = {max_proc}
"""


class LocalScrapyd:
    def __init__(self, folder: Path, max_proc: int = 4):
        self.folder = Path(folder)
        self.max_proc = max_proc
        self.proc: subprocess.Popen | None = None
        self.url = ""

    def start(self, timeout: float = 60.0) -> "LocalScrapyd":
        self.folder.mkdir(parents=True, exist_ok=True)
        port = free_port()
        (self.folder / "scrapyd.conf").write_text(
            _CONF.format(port=port, folder=self.folder.resolve(), max_proc=self.max_proc), encoding="utf-8")
        self.url = f"http://127.0.0.1:{port}/"
        env = dict(os.environ, SCRAPY_SETTINGS_MODULE="dvcrawl.settings")
        with open(self.folder / "scrapyd.log", "ab") as log:
            self.proc = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=self.folder, env=env,
                                         stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            try:
                Node(self.url, timeout=2).status()
                return self
            except NodeDown:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    tail = (self.folder / "scrapyd.log").read_text(errors="replace")[-1500:]
                    self.stop()
                    raise RuntimeError(f"scrapyd did not start in {self.folder}:\n{tail}") from None
                time.sleep(0.2)

    @property
    def node(self) -> Node:
        return Node(self.url)

    def kill(self) -> None:
        """The machine dies: the daemon and every job it runs, at once."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
