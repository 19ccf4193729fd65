"""A throwaway PostgreSQL cluster on loopback, from the machine's own server binaries.

    with TemporaryPostgres() as pg:
        url = pg.new_schema("t1")     # postgresql://postgres@127.0.0.1:PORT/postgres?options=…
        …

`initdb` in a temporary folder, the server on 127.0.0.1 at a free port with its unix socket
in that folder, durability off (fsync, synchronous_commit: a test cluster is thrown away),
stopped and deleted on exit. `initdb` refuses to run as root, so as root the folder is given
to the `postgres` user and the binaries run as that user (`runuser`). The binaries are
looked up in DVCRAWL_PG_BIN, else the newest /usr/lib/postgresql/*/bin, else PATH
(Debian: `apt-get install postgresql`).
"""
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg


def server_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    candidates = [os.environ.get("DVCRAWL_PG_BIN", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True)
    candidates.append(str(Path(shutil.which("initdb") or "/nonexistent").parent))
    for folder in filter(None, candidates):
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TemporaryPostgres:
    """A PostgreSQL server of its own, started by `start()` (or `with`), gone after `stop()`."""

    def __init__(self, bindir: Path | None = None):
        self.bindir = bindir or server_binaries()
        if self.bindir is None:
            raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql, or set DVCRAWL_PG_BIN)")
        self.folder: Path | None = None
        self.port = 0

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.folder)

    def start(self) -> "TemporaryPostgres":
        self.folder = Path(tempfile.mkdtemp(prefix="dvcrawl-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self.port = free_port()
        data = self.folder / "data"
        self._run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50")
        try:
            self._run("pg_ctl", "-D", str(data), "-o", options, "-l", str(self.folder / "server.log"),
                      "-w", "-t", "60", "start")
        except subprocess.CalledProcessError:
            log = (self.folder / "server.log").read_text(errors="replace")[-2000:]
            self.stop()
            raise RuntimeError(f"PostgreSQL did not start:\n{log}") from None
        return self

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def new_schema(self, name: str) -> str:
        """A URL whose tables live in a fresh schema `name` (a clean store for one test)."""
        with psycopg.connect(self.url, autocommit=True) as db:
            db.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
            db.execute(f'CREATE SCHEMA "{name}"')
        return f"{self.url}?options=-csearch_path%3D{name}"

    def stop(self) -> None:
        if self.folder is None:
            return
        if (self.folder / "data" / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
