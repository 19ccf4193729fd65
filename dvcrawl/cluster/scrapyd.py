"""Scrapyd nodes: deploying the project, spreading site jobs over the nodes, waiting for them.

Scrapyd's JSON API (https://scrapyd.readthedocs.io/en/latest/api.html) is all that is used:
`addversion.json` (deploy the project's egg), `daemonstatus.json` (how busy a node is),
`schedule.json` (start a job), `listjobs.json` (its state), the job's log (its closing
stats: finish reason and what it recorded).

A job is `scrapy crawl <site>` with `DVCRAWL_STATE` naming the shared store; it records its
articles there (dvcrawl/pipelines/record.py). `Scheduler` gives each job to the least busy
live node, polls the nodes, and when a node stops answering gives its unfinished jobs to
another node; a job that ended without Scrapy's closing stats (its process was killed) is run
again too. Running a job twice is harmless: the store records each article version once.
"""
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from dvcrawl.registry import ConfigError

PROJECT = "dvcrawl"
_SETUP_PY = """from setuptools import setup, find_packages

setup(name="dvcrawl", version="{version}", packages=find_packages(include=["dvcrawl*"]),
      package_data={{"dvcrawl": ["sites.toml", "*.json"]}}, zip_safe=False,
      entry_points={{"scrapy": ["settings = dvcrawl.settings"]}})
"""


class NodeDown(Exception):
    """A Scrapyd node did not answer."""


class Node:
    """One Scrapyd daemon, by its base URL."""

    def __init__(self, url: str, timeout: float = 10.0):
        self.url = url.rstrip("/") + "/"
        self.timeout = timeout

    def __repr__(self):
        return self.url

    def _call(self, path: str, data: dict | list | None = None, body: bytes | None = None,
              headers: dict | None = None) -> bytes:
        url = urllib.parse.urljoin(self.url, path)
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(url, data=body, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            raise NodeDown(f"{url}: HTTP {exc.code}") from None
        except (OSError, urllib.error.URLError) as exc:
            raise NodeDown(f"{url}: {getattr(exc, 'reason', exc)}") from None

    def _json(self, path: str, **kwargs) -> dict:
        answer = json.loads(self._call(path, **kwargs))
        if answer.get("status") != "ok":
            raise ConfigError(f"{self.url}{path}: {answer.get('message', answer)}")
        return answer

    def status(self) -> dict:
        """daemonstatus.json: counts of pending, running and finished jobs."""
        return self._json("daemonstatus.json")

    def busy(self) -> int:
        status = self.status()
        return status["pending"] + status["running"]

    def jobs(self, project: str = PROJECT) -> dict[str, str]:
        """listjobs.json: job id → pending, running or finished."""
        answer = self._json(f"listjobs.json?project={project}")
        return {job["id"]: state for state in ("pending", "running", "finished") for job in answer[state]}

    def schedule(self, spider: str, job: str, settings: dict, args: dict | None = None,
                 project: str = PROJECT) -> str:
        data = [("project", project), ("spider", spider), ("jobid", job)]
        data += [("setting", f"{k}={v}") for k, v in settings.items()]
        data += list((args or {}).items())
        return self._json("schedule.json", data=data)["jobid"]

    def log(self, spider: str, job: str, project: str = PROJECT) -> str:
        try:
            return self._call(f"logs/{project}/{spider}/{job}.log").decode("utf-8", "replace")
        except NodeDown:
            return ""

    def add_version(self, egg: Path, version: str, project: str = PROJECT) -> None:
        """addversion.json: upload the project's egg, as `scrapyd-deploy` does."""
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in (("project", project), ("version", version)):
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="egg"; filename="project.egg"\r\n'
                     "Content-Type: application/octet-stream\r\n\r\n".encode() + egg.read_bytes() + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        self._json("addversion.json", body=b"".join(parts),
                   headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})


def build_egg(folder: Path, version: str) -> Path:
    """The project's egg, built the way scrapyd-deploy builds one (setuptools bdist_egg with
    the `scrapy` settings entry point), from the installed dvcrawl package, in `folder`."""
    import dvcrawl

    source = Path(tempfile.mkdtemp(prefix="dvcrawl-egg-", dir=folder))
    shutil.copytree(Path(dvcrawl.__file__).parent, source / "dvcrawl",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (source / "setup.py").write_text(_SETUP_PY.format(version=version), encoding="utf-8")
    subprocess.run([sys.executable, "setup.py", "-q", "bdist_egg", "-d", str(folder)], cwd=source,
                   check=True, capture_output=True)
    shutil.rmtree(source)
    return next(folder.glob("dvcrawl-*.egg"))


# -- spreading jobs ---------------------------------------------------------------------------

_STAT = re.compile(r"'(finish_reason|item_scraped_count|dvcrawl/recorded/\w+)': '?(\w+)'?")


@dataclass
class Job:
    site: str
    spider: str
    args: dict = field(default_factory=dict)
    attempts: list = field(default_factory=list)  # (node, job id, outcome)
    node: Node | None = None
    job_id: str | None = None
    stats: dict = field(default_factory=dict)
    done: bool = False

    @property
    def ok(self) -> bool:
        return self.done and self.stats.get("finish_reason") == "finished"


def closing_stats(log: str) -> dict:
    """Scrapy's closing stats in a job's log: finish reason and the articles it recorded."""
    tail = log[log.rfind("Dumping Scrapy stats"):] if "Dumping Scrapy stats" in log else ""
    return {name: (int(value) if value.isdigit() else value) for name, value in _STAT.findall(tail)}


class Scheduler:
    """Runs `jobs` on `nodes`: least busy node first, retried elsewhere when a node dies."""

    def __init__(self, nodes: list[Node], settings: dict, max_attempts: int = 3, poll: float = 1.0,
                 out=sys.stdout):
        self.nodes, self.settings = list(nodes), settings
        self.live = list(nodes)
        self.max_attempts, self.poll, self.out = max_attempts, poll, out

    def say(self, message: str) -> None:
        print(message, file=self.out, flush=True)

    def _drop(self, node: Node, why: str) -> None:
        if node in self.live:
            self.live.remove(node)
            self.say(f"node {node} is down ({why}); its unfinished jobs go to the other nodes")

    def _least_busy(self, assigned: dict) -> Node | None:
        loads = []
        for node in list(self.live):
            try:
                loads.append((node.busy() + assigned.get(node, 0), self.nodes.index(node), node))
            except NodeDown as exc:
                self._drop(node, str(exc))
        return min(loads)[2] if loads else None

    def _start(self, job: Job, assigned: dict) -> bool:
        while True:
            node = self._least_busy(assigned)
            if node is None:
                return False
            job_id = f"{job.site}-{uuid.uuid4().hex[:8]}"
            try:
                node.schedule(job.spider, job_id, self.settings, job.args)
            except NodeDown as exc:
                self._drop(node, str(exc))
                continue
            job.node, job.job_id = node, job_id
            assigned[node] = assigned.get(node, 0) + 1
            self.say(f"job {job.site}: scheduled on {node} as {job_id}")
            return True

    def _retry_or_fail(self, job: Job, outcome: str, queue: list) -> None:
        job.attempts.append((str(job.node), job.job_id, outcome))
        job.node = job.job_id = None
        if len(job.attempts) < self.max_attempts and self.live:
            queue.append(job)
        else:
            job.done = True

    def run(self, jobs: list[Job], timeout: float = 3600.0) -> list[Job]:
        """Run every job to its end; the jobs with their outcome."""
        queue, running = list(jobs), []
        deadline = time.monotonic() + timeout
        while queue or running:
            assigned: dict = {}
            while queue:
                job = queue.pop(0)
                if not self._start(job, assigned):
                    job.attempts.append((None, None, "no live node"))
                    job.done = True
                    continue
                running.append(job)
            time.sleep(self.poll)
            for node in {job.node for job in running}:
                try:
                    states = node.jobs()
                except NodeDown as exc:
                    self._drop(node, str(exc))
                    states = None
                for job in [j for j in running if j.node is node]:
                    if states is None:
                        running.remove(job)
                        self.say(f"job {job.site}: node {node} died during the job; retrying elsewhere")
                        self._retry_or_fail(job, "node died", queue)
                    elif states.get(job.job_id) == "finished":
                        running.remove(job)
                        job.stats = closing_stats(node.log(job.spider, job.job_id))
                        if job.stats.get("finish_reason"):
                            job.attempts.append((str(node), job.job_id, job.stats["finish_reason"]))
                            job.done = True
                            self.say(f"job {job.site}: {self.describe(job)}")
                        else:
                            self.say(f"job {job.site}: its process on {node} ended without closing; retrying")
                            self._retry_or_fail(job, "killed", queue)
            if time.monotonic() > deadline:
                for job in running:
                    job.attempts.append((str(job.node), job.job_id, "timed out"))
                    job.done = True
                break
        return jobs

    @staticmethod
    def describe(job: Job) -> str:
        if not job.stats:
            return f"FAILED after {len(job.attempts)} attempt(s): {job.attempts[-1][2]}"
        recorded = {k.rsplit("/", 1)[1]: v for k, v in job.stats.items() if k.startswith("dvcrawl/recorded/")}
        where = job.attempts[-1][0]
        retried = f", attempt {len(job.attempts)}" if len(job.attempts) > 1 else ""
        return (f"{job.stats.get('finish_reason')} on {where}{retried}: "
                + (", ".join(f"{v} {k}" for k, v in sorted(recorded.items())) or "nothing recorded"))


def site_jobs(ids: list[str] | None, snapshots: Path | None) -> list[Job]:
    """One job per site: `--sites` (default: every recorded site of `snapshots`, else every
    registered site); a site the registry does not know is crawled by the generic spider."""
    from dvcrawl.registry import load_registry
    from dvcrawl.replay import Snapshot

    registry = load_registry()
    recorded = sorted(p.name for p in snapshots.iterdir() if (p / "responses.jsonl").is_file()) if snapshots else []
    ids = ids or recorded or list(registry)
    if not ids:
        raise ConfigError(f"--snapshots {snapshots}: no recorded site in it")
    jobs = []
    for site in ids:
        if snapshots:
            Snapshot(snapshots / site)  # a missing or broken folder: said now, not by a job
        elif site not in registry:
            raise ConfigError(f"--sites: unknown site {site!r} (known: {', '.join(registry)})")
        jobs.append(Job(site, site) if site in registry else Job(site, "generic", {"site_id": site}))
    return jobs


def job_settings(state: str, snapshots: Path | None, overrides: list[str]) -> dict:
    """Scrapy settings of every job: the shared store, the replay root, the user's -s (checked
    here against the project's settings)."""
    from scrapy.utils.project import get_project_settings

    from dvcrawl.overrides import apply_overrides
    from dvcrawl.store import is_url

    apply_overrides(get_project_settings(), overrides)
    settings = {"DVCRAWL_STATE": state if is_url(state) else str(Path(state).resolve()),
                "DVCRAWL_STORIES": ""}  # the shared store settles story ids
    if snapshots:
        settings.update(DVCRAWL_SNAPSHOT_ROOT=str(snapshots.resolve()), DOWNLOAD_DELAY=0, AUTOTHROTTLE_ENABLED=False)
    settings.update(pair.split("=", 1) for pair in overrides)
    return settings


def deploy(nodes: list[Node], work: Path, out=sys.stdout) -> str:
    """Build the project's egg once and add it to every node; the version deployed."""
    version = time.strftime("%Y%m%d%H%M%S")
    egg = build_egg(work, version)
    for node in nodes:
        node.add_version(egg, version)
        print(f"deployed {PROJECT} {version} to {node}", file=out, flush=True)
    return version
