"""The report's tables, computed from the store's articles and the runs' summaries and rejects.

Plain data (lists of rows, dicts of series), so plots and the HTML page only lay them out.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from dvcrawl.registry import PROVINCES_2025, province_2025
from dvcrawl.text import fold

UNKNOWN_PROVINCE = "(không rõ)"
TOP = 15
LATEST = 30
MONTHS = 36   # the province × month plot shows the last three years with articles


def province_of(article: dict) -> str:
    return province_2025(article.get("province_2025")) or UNKNOWN_PROVINCE


def date_of(article: dict) -> str | None:
    """The article's publication date (YYYY-MM-DD), from `published_date` or `published`."""
    value = article.get("published_date") or article.get("published") or ""
    return value[:10] if len(value) >= 10 else None


@dataclass
class Report:
    articles: int = 0
    sites: list[str] = field(default_factory=list)
    months: list[str] = field(default_factory=list)                 # YYYY-MM, oldest first
    by_province_month: dict[str, Counter] = field(default_factory=dict)
    provinces: list[dict] = field(default_factory=list)             # one row per province
    run_history: dict[str, list[dict]] = field(default_factory=dict)  # site → one row per run
    health: list[dict] = field(default_factory=list)                # one row per site
    documents: list[dict] = field(default_factory=list)
    people: list[dict] = field(default_factory=list)
    latest: list[dict] = field(default_factory=list)
    runs: int = 0
    has_documents: bool = False
    has_people: bool = False


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _province_rows(articles: list[dict]) -> tuple[list[dict], dict[str, Counter]]:
    by_month: dict[str, Counter] = defaultdict(Counter)
    rows = {p: {"province": p, "articles": 0, "sites": set(), "last": None} for p in PROVINCES_2025}
    for a in articles:
        p = province_of(a)
        row = rows.setdefault(p, {"province": p, "articles": 0, "sites": set(), "last": None})
        row["articles"] += 1
        row["sites"].add(a.get("site"))
        day = date_of(a)
        if day:
            by_month[p][day[:7]] += 1
            row["last"] = max(row["last"] or day, day)
    out = sorted(rows.values(), key=lambda r: (-r["articles"], fold(r["province"])))
    for row in out:
        row["sites"] = sorted(s for s in row["sites"] if s)
    return out, by_month


def _run_rows(runs: list[dict], rejects: list[dict]) -> tuple[dict[str, list[dict]], list[dict]]:
    leaks = Counter((r.get("run_id"), (r.get("item") or {}).get("site")) for r in rejects
                    if str(r.get("reason", "")).startswith("chrome"))
    history: dict[str, list[dict]] = defaultdict(list)
    for run in runs:
        for site, s in (run.get("sites") or {}).items():
            counts = s.get("articles") or {}
            history[site].append({
                "run_id": run.get("run_id"), "started_at": run.get("started_at"), "status": s.get("status"),
                "new": counts.get("new", 0), "updated": counts.get("updated", 0),
                "rejected": counts.get("rejected", 0),
                "failures": len(s.get("http_failures") or []) + len(s.get("parse_failures") or []),
                "fallbacks": len(s.get("fallback_pages") or []),
                "leaks": leaks[(run.get("run_id"), site)],
                "problems": s.get("failures") or []})
    health = []
    for site, rows in sorted(history.items()):
        last = rows[-1]
        health.append({"site": site, "runs": len(rows), "failed_runs": sum(r["status"] != "ok" for r in rows),
                       "fallbacks": sum(r["fallbacks"] for r in rows), "rejected": sum(r["rejected"] for r in rows),
                       "leaks": sum(r["leaks"] for r in rows), "failures": sum(r["failures"] for r in rows),
                       "last_status": last["status"], "last_run": last["started_at"],
                       "last_problems": last["problems"]})
    return dict(history), health


def _top_documents(articles: list[dict]) -> list[dict]:
    count: Counter = Counter()
    kind: dict[str, str] = {}
    for a in articles:
        for doc in {d.get("ref"): d for d in a.get("documents") or [] if d.get("ref")}.values():
            count[doc["ref"]] += 1
            kind.setdefault(doc["ref"], doc.get("kind") or "")
    return [{"ref": ref, "kind": kind[ref], "articles": n} for ref, n in count.most_common(TOP)]


def _top_people(articles: list[dict]) -> list[dict]:
    count: Counter = Counter()
    roles: dict[str, Counter] = defaultdict(Counter)
    for a in articles:
        for person in {p.get("name"): p for p in a.get("people") or [] if p.get("name")}.values():
            count[person["name"]] += 1
            if person.get("role"):
                roles[person["name"]][person["role"]] += 1
    return [{"name": name, "role": roles[name].most_common(1)[0][0] if roles[name] else None, "articles": n}
            for name, n in count.most_common(TOP)]


def build(articles: list[dict], runs: list[dict], rejects: list[dict]) -> Report:
    provinces, by_month = _province_rows(articles)
    days = sorted(d for d in map(date_of, articles) if d)
    history, health = _run_rows(runs, rejects)
    latest = sorted(articles, key=lambda a: (date_of(a) or "", a.get("published") or ""), reverse=True)[:LATEST]
    return Report(
        articles=len(articles), runs=len(runs),
        sites=sorted({a.get("site") for a in articles if a.get("site")} | set(history)),
        months=_months(days[0], days[-1])[-MONTHS:] if days else [],
        by_province_month=dict(by_month), provinces=provinces, run_history=history, health=health,
        documents=_top_documents(articles), people=_top_people(articles),
        latest=[{"title": a.get("title"), "url": a.get("url"), "site": a.get("site"),
                 "province": province_of(a), "date": date_of(a)} for a in latest],
        has_documents=any("documents" in a for a in articles), has_people=any("people" in a for a in articles))
