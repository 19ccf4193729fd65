"""`dvcrawl export` and `dvcrawl search` after a real run over the recorded sites, on both backends."""
import csv
import json
import subprocess
import sys

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from conftest import SITE_IDS, SNAPSHOTS, _location, load_jsonl
from dvcrawl.cli import main
from dvcrawl.items import SCHEMA_VERSION

pytestmark = pytest.mark.slow  # a real run over the recorded sites per backend

GOLD = {g["url"]: g for site in SITE_IDS for g in load_jsonl(SNAPSHOTS / site / "expected.jsonl")}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def state(request, tmp_path_factory) -> str:
    """A store filled by one `dvcrawl run` over the recorded sites."""
    cwd = tmp_path_factory.mktemp("stored")
    location = _location(request.param, request, cwd)
    done = subprocess.run([sys.executable, "-m", "dvcrawl.cli", "run", "--snapshots", str(SNAPSHOTS),
                           "--state", location, "--output", str(cwd / "out")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return location


def dvcrawl(capsys, *argv) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_parquet_export_reads_with_the_right_types_in_duckdb_and_pandas(state, tmp_path, capsys):
    path = tmp_path / "articles.parquet"
    code, out, err = dvcrawl(capsys, "export", "--format", "parquet", "--output", str(path), "--state", state)
    assert code == 0, err
    assert f"exported {len(GOLD)} article(s)" in out
    assert [p.name for p in tmp_path.iterdir()] == ["articles.parquet"]  # no temporary file left
    types = {r[0]: r[1] for r in duckdb.sql(f"DESCRIBE SELECT * FROM '{path}'").fetchall()}
    assert types["published"] == "TIMESTAMP WITH TIME ZONE" and types["published_date"] == "DATE"
    assert types["views"] == types["version"] == "BIGINT" and types["topic_score"] == "DOUBLE"
    assert types["schema_version"] == "VARCHAR" and types["authors"] == "VARCHAR[]"
    assert types["images"] == "STRUCT(src VARCHAR, caption VARCHAR)[]"
    rows, urls = duckdb.sql(f"SELECT COUNT(*), COUNT(DISTINCT url) FROM '{path}'").fetchall()[0]
    assert rows == urls == len(GOLD)  # one row per article

    df = pd.read_parquet(path)
    assert str(df["published"].dtype).startswith("datetime64") and df["published"].dt.tz is not None
    assert str(df["views"].dtype) == "Int64" and str(df["version"].dtype) == "Int64"
    assert set(df["schema_version"]) == {SCHEMA_VERSION}
    by_url = df.set_index("url")
    for url, g in GOLD.items():
        row = by_url.loc[url]
        assert str(row["published_date"]) == (g["published"] or "")[:10] or (pd.isna(row["published_date"])
                                                                          and not g["published"])
        if g["published"] and "T" in g["published"]:
            assert row["published"].isoformat() == g["published"]
        else:  # a date alone is no time: no invented midnight or 07:00
            assert pd.isna(row["published"])
        assert (pd.isna(row["views"]) and g["views"] is None) or row["views"] == g["views"]


def test_jsonl_and_csv_exports_carry_the_same_columns_and_values(state, tmp_path, capsys):
    for fmt in ("jsonl", "csv", "parquet"):
        code, _, err = dvcrawl(capsys, "export", "--format", fmt, "--output", str(tmp_path / f"a.{fmt}"),
                               "--state", state, "--sites", "camau,backan", "--since", "2020-06-01")
        assert code == 0, err
    parquet = pq.read_table(tmp_path / "a.parquet").to_pylist()
    lines = load_jsonl(tmp_path / "a.jsonl")
    with open(tmp_path / "a.csv", encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    expected = sorted(u for u, g in GOLD.items()
                      if g["site"] in ("camau", "backan") and (g["published"] or "") >= "2020-06-01")
    assert [r["url"] for r in lines] == [r["url"] for r in table] == [r["url"] for r in parquet]
    assert sorted(r["url"] for r in lines) == expected
    assert list(table[0]) == list(lines[0]) == list(parquet[0])
    for line, row, typed in zip(lines, table, parquet):
        assert line["published_date"] == row["published_date"] == typed["published_date"].isoformat()
        assert line["views"] == typed["views"] and row["views"] == ("" if typed["views"] is None else str(typed["views"]))
        assert json.loads(row["authors"]) == line["authors"] == typed["authors"]
        assert line["schema_version"] == row["schema_version"] == SCHEMA_VERSION


def test_search_lists_dan_van_kheo_articles_first(state, capsys):
    code, out, err = dvcrawl(capsys, "search", "dan van kheo", "--json", "--state", state)
    assert code == 0, err
    hits = json.loads(out)
    kheo = [u for u, g in GOLD.items() if "Dân vận khéo" in g["title"]]
    assert kheo and [h["url"] for h in hits[:len(kheo)]] == [h["url"] for h in hits if h["url"] in kheo]
    assert {h["url"] for h in hits[:len(kheo)]} == set(kheo)
    assert all("Dân vận khéo" in h["title"] for h in hits[:len(kheo)])
    code, out, _ = dvcrawl(capsys, "search", "Dân vận khéo", "--site", "camau", "--limit", "1", "--state", state)
    assert code == 0 and out.count("\n1. ") + out.startswith("1. ") == 1 and "camau" in out


@pytest.mark.parametrize("argv, message", [
    (["export", "--format", "xlsx", "--output", "{tmp}/a.x"], "invalid choice"),
    (["export", "--format", "csv", "--output", "{tmp}/a.csv", "--since", "2020-02-31"], "not a date"),
    (["export", "--format", "csv", "--output", "{tmp}/a.csv", "--sites", "nowhere"], "unknown site"),
    (["export", "--format", "csv", "--output", "{tmp}/missing/a.csv"], "does not exist"),
    (["export", "--format", "csv", "--output", "{tmp}"], "is a folder"),
    (["export", "--format", "csv", "--output", "{tmp}/a.csv", "--state", "{tmp}/nostate"], "no state store"),
    (["search", "dan van", "--limit", "0"], "positive whole number"),
    (["search", "…", "--state", "{state}"], "no word"),
])
def test_user_mistakes_are_one_line_status_2_and_write_nothing(tmp_path, state, capsys, argv, message):
    argv = [a.format(tmp=tmp_path, state=state) for a in argv]
    if "--state" not in argv:
        argv += ["--state", state]
    code, out, err = dvcrawl(capsys, *argv)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1, err
    assert list(tmp_path.iterdir()) == []
