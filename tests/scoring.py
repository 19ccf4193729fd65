"""The project's copy of the graders' scorer (../shared/tools/score_feed.py): score a crawled JSONL feed against the gold articles of recorded site snapshots.

Usage:
    score_feed.py FEED.jsonl SNAPSHOT_DIR [SNAPSHOT_DIR ...] [--verbose]

FEED.jsonl holds the items of one or more crawls (any order). Each SNAPSHOT_DIR is a folder
in the format of sites/README.md; its expected.jsonl is the gold. Items are matched to gold
articles by URL (fragment dropped). Only items whose `site` is one of the given snapshots'
ids are scored, so one feed can hold several sites.

Item fields read: url, site, title, published, authors, summary, body (a string with
paragraphs separated by blank lines, or a list of paragraphs), images ([{src, caption}]),
views, story_id (equal for copies of one story on different sites), and where the gold has
them: documents ([{ref, ...}] or [str]: numbered documents cited) and people
([{name, role}]: persons named in the text).

field_accuracy covers title, published, authors, summary, body, images, views. Documents and
people are scored apart (micro precision/recall/F1 over all found articles; roles are compared
for the people found), on gold articles that carry those keys.

The last line printed is the summary; exit status 0 always (a score, not a verdict).
Standard library only.
"""
import difflib
import html
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict

CHROME = ["Lượt xem", "Số lần đọc", "Lượt truy cập", "Đang online", "Số người đang online",
          "Thống kê truy cập", "Tin liên quan", "Tin cùng chuyên mục", "Tin khác", "Các tin khác",
          "Gửi bình luận", "captcha", "Nhập lại", "Ý kiến bạn đọc", "Liên kết Website",
          "In bài", "Chia sẻ", "Gửi email", "Xem thêm", "Những tin mới hơn", "Những tin cũ hơn",
          "Tổng số điểm", "Giấy phép số", "Cơ quan chủ quản", "Tin đọc nhiều", "Bình luận"]


def norm(text):
    if text is None:
        return None
    text = html.unescape(str(text))
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    text = re.sub(r"[\u200b\u200c\u200d\ufeff]", "", text)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def paragraphs(body):
    if body is None:
        return []
    if isinstance(body, str):
        body = re.split(r"\n\s*\n", body)
    return [p for p in (norm(x) for x in body) if p]


def same_date(gold, got):
    """Gold 'YYYY-MM-DD' needs the same day; gold with a time needs the same minute too."""
    if gold is None:
        return got in (None, "")
    if not got:
        return False
    got = str(got)
    if gold[:10] != got[:10]:
        return False
    if len(gold) > 10:
        m = re.match(r"\d{4}-\d{2}-\d{2}[T ](\d{2}:\d{2})", got)
        if not m or m.group(1) != gold[11:16]:
            return False
        off = re.search(r"([+-]\d{2}:?\d{2}|Z)$", got)
        if off and off.group(1).replace(":", "") not in ("+0700",):
            return False
    return True


def ratio(a, b):
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def doc_ref(d):
    ref = d.get("ref") if isinstance(d, dict) else d
    ref = norm(ref) or ""
    ref = re.sub(r"[\u2013\u2014\u2012]", "-", ref)
    return re.sub(r"\s+", "", ref).upper().replace("SỐ", "")


def person_name(p):
    return norm(p.get("name") if isinstance(p, dict) else p) or ""


def prf(tp, fp, fn, compared=1):
    if not compared:
        return 0.0, 0.0, 0.0
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_jsonl(path):
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as e:
                    print(f"{path}:{n}: not JSON: {e}")
    return out


def score(feed_path, folders, verbose=False):
    gold, sites = {}, set()
    for folder in folders:
        site = json.load(open(os.path.join(folder, "site.json"), encoding="utf-8"))
        sites.add(site["id"])
        for g in load_jsonl(os.path.join(folder, "expected.jsonl")):
            gold[g["url"].split("#")[0]] = g
    items = [i for i in load_jsonl(feed_path) if i.get("site") in sites]

    by_url = defaultdict(list)
    for it in items:
        by_url[str(it.get("url", "")).split("#")[0]].append(it)
    extras = [u for u in by_url if u not in gold]
    repeats = sum(len(v) - 1 for u, v in by_url.items() if u in gold)

    fields = ["title", "published", "authors", "summary", "body", "images", "views"]
    ok = {f: 0 for f in fields}
    body_ratios, leaks, missing, problems = [], 0, [], []
    docs, ppl = [0, 0, 0], [0, 0, 0]      # tp, fp, fn
    compared = 0                          # found articles whose gold has documents/people
    roles_ok = roles_n = 0
    extra_msgs = defaultdict(list)
    for url, g in gold.items():
        got = by_url.get(url)
        if not got:
            missing.append(url)
            continue
        it = got[0]
        checks = {}
        checks["title"] = norm(it.get("title")) == g["title"]
        checks["published"] = same_date(g["published"], it.get("published"))
        checks["authors"] = [norm(a) for a in it.get("authors") or []] == g["authors"]
        gs, ts = g["summary"], norm(it.get("summary")) or None
        checks["summary"] = (gs is None and ts is None) or (gs is not None and ts is not None and ratio(gs, ts) >= 0.97)
        gb, tb = "\n".join(g["body"]), "\n".join(paragraphs(it.get("body")))
        r = ratio(gb, tb)
        body_ratios.append(r)
        checks["body"] = r >= 0.98
        gi = {(i["src"], i.get("caption")) for i in g["images"]}
        ti = {(str(i.get("src")), norm(i.get("caption")) or None) for i in it.get("images") or [] if isinstance(i, dict)}
        checks["images"] = gi == ti
        checks["views"] = it.get("views") == g["views"]
        for f in fields:
            ok[f] += checks[f]
        compared += "documents" in g or "people" in g
        if "documents" in g:
            want = [doc_ref(d) for d in g["documents"]]
            got_d = [doc_ref(d) for d in (it.get("documents") or [])]
            tp = len(set(want) & set(got_d))
            docs[0] += tp; docs[1] += len(set(got_d)) - tp; docs[2] += len(set(want)) - tp
            if set(want) != set(got_d):
                extra_msgs[url].append(f"documents: want {want} got {got_d}")
        if "people" in g:
            want = {person_name(p): norm(p.get("role")) for p in g["people"]}
            got_p = {}
            for p in it.get("people") or []:
                got_p.setdefault(person_name(p), norm(p.get("role")) if isinstance(p, dict) else None)
            tp = len(set(want) & set(got_p))
            ppl[0] += tp; ppl[1] += len(set(got_p)) - tp; ppl[2] += len(set(want)) - tp
            for name in set(want) & set(got_p):
                roles_n += 1
                roles_ok += (want[name] or None) == (got_p[name] or None)
            if set(want) != set(got_p):
                extra_msgs[url].append(f"people: want {sorted(want)} got {sorted(got_p)}")
        text = " ".join([norm(it.get("title")) or "", norm(it.get("summary")) or "", tb])
        gtext = " ".join([g["title"], g["summary"] or "", gb])
        leaked = [c for c in CHROME if c.lower() in text.lower() and c.lower() not in gtext.lower()]
        leaks += bool(leaked)
        bad = [f for f in fields if not checks[f]]
        if bad or leaked:
            problems.append((url, bad, leaked, r))

    # stories: copies of one gold cluster share story_id; no other item shares it
    story_ok, story_total = 0, 0
    clusters = defaultdict(list)
    for url, g in gold.items():
        if g.get("cluster") and by_url.get(url):
            clusters[g["cluster"]].append(by_url[url][0].get("story_id"))
    all_ids = [i.get("story_id") for i in items]
    for label, ids in clusters.items():
        story_total += 1
        if ids and ids[0] is not None and len(set(ids)) == 1 and all_ids.count(ids[0]) == len(ids):
            story_ok += 1

    n = len(gold)
    found = n - len(missing)
    field_acc = sum(ok.values()) / (len(fields) * n) if n else 0.0
    if verbose:
        for url in missing:
            print(f"MISSING  {url}")
        for url in extras:
            print(f"EXTRA    {url}")
        for url, bad, leaked, r in problems:
            g, it = gold[url], by_url[url][0]
            print(f"WRONG    {url}  fields={bad} body_ratio={r:.3f} leaked={leaked}")
            for f in bad:
                if f != "body":
                    print(f"           {f}: want {json.dumps(g[f], ensure_ascii=False)[:160]}")
                    print(f"           {f}:  got {json.dumps(it.get(f), ensure_ascii=False)[:160]}")
        for url, msgs in extra_msgs.items():
            for m in msgs:
                print(f"MENTIONS {url}  {m[:300]}")
    per_field = " ".join(f"{f}={ok[f]}/{found}" for f in fields)
    print(f"articles {found}/{n} found, {len(extras)} extra, {repeats} repeated; fields {per_field}")
    mean_body = sum(body_ratios) / len(body_ratios) if body_ratios else 0.0
    print(f"score: field_accuracy={field_acc:.3f} recall={found}/{n} extra={len(extras)} "
          f"repeated={repeats} leaks={leaks} stories={story_ok}/{story_total} body_mean={mean_body:.3f}"
          + (f" documents_p={prf(*docs, compared)[0]:.3f} documents_r={prf(*docs, compared)[1]:.3f} documents_f1={prf(*docs, compared)[2]:.3f}"
             if any("documents" in g for g in gold.values()) else "")
          + (f" people_p={prf(*ppl, compared)[0]:.3f} people_r={prf(*ppl, compared)[1]:.3f} people_f1={prf(*ppl, compared)[2]:.3f}"
             f" roles={roles_ok}/{roles_n}" if any("people" in g for g in gold.values()) else ""))
    return {"field_accuracy": field_acc, "found": found, "gold": n, "extra": len(extras), "repeated": repeats,
            "leaks": leaks, "missing": missing, "extras": extras, "fields": ok}


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--verbose"]
    if len(args) < 2:
        print(__doc__)
        sys.exit(2)
    score(args[0], args[1:], verbose="--verbose" in sys.argv)
