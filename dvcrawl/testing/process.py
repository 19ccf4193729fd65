"""A loopback server process that says it is ready by writing a manifest (its hosts, ports,
URLs): shared by `dvcrawl bench` and `workers_speedup`, which both crawl synthetic sites."""
import json
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from dvcrawl.registry import ConfigError


@contextmanager
def manifest_server(cmd: list[str], manifest: Path, startup: float = 120, **popen):
    """Start `cmd`, wait until it has written `manifest`, yield the manifest's data; stop the
    server when done (it stops when its standard input closes)."""
    manifest.unlink(missing_ok=True)
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, **popen)
    try:
        deadline = time.monotonic() + startup
        while not manifest.exists():
            if proc.poll() is not None:
                raise ConfigError(f"{cmd[2]} exited with status {proc.returncode} before it served")
            if time.monotonic() > deadline:
                raise ConfigError(f"{cmd[2]} did not start within {startup:.0f} s")
            time.sleep(0.05)
        yield json.loads(manifest.read_text(encoding="utf-8"))
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
