"""The report page: one self-contained `index.html` (inline CSS, no script, no network) that shows
the tables of `figures` and the images of `plots` lying beside it."""
from __future__ import annotations

from datetime import datetime, timezone
from html import escape
from pathlib import Path

from dvcrawl.feeds import write_atomic
from dvcrawl.report import plots
from dvcrawl.report.figures import Report

CSS = """
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; margin: 2em auto; max-width: 1100px;
       color: #222; line-height: 1.45; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0 1em; }
th, td { border-bottom: 1px solid #eee; padding: 0.25em 0.7em; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.none td { color: #999; } .bad { color: #b2182b; font-weight: bold; } .meta { color: #666; }
figure { margin: 0.5em 0 1.5em; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { color: #666; font-size: 0.85em; }
"""


def _table(headers: list[tuple[str, bool]], rows: list[list], row_class=None) -> str:
    head = "".join(f'<th class="n">{escape(h)}</th>' if numeric else f"<th>{escape(h)}</th>"
                   for h, numeric in headers)
    body = []
    for i, row in enumerate(rows):
        cls = f' class="{row_class(i)}"' if row_class and row_class(i) else ""
        cells = "".join(f'<td class="n">{cell}</td>' if numeric else f"<td>{cell}</td>"
                        for cell, (_, numeric) in zip(row, headers))
        body.append(f"<tr{cls}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _figure(image: str | None, alt: str, caption: str) -> str:
    if image is None:
        return f'<p class="meta">{escape(caption)}: chưa có dữ liệu.</p>'
    return (f'<figure><img src="{escape(image)}" alt="{escape(alt)}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>")


def _sections(report: Report, images: dict[str, str | None]) -> list[str]:
    out = ["<h2>Bài viết theo tỉnh và tháng</h2>",
           _figure(images["province_months"], "Số bài theo tỉnh và tháng",
                   f"Bài viết theo tỉnh/thành (sau sáp nhập 1/7/2025) và tháng đăng, {len(report.months)} tháng"
                   " gần nhất có bài; bài không có ngày đăng không được tính."),
           "<h2>Các tỉnh/thành</h2>",
           _table([("Tỉnh/thành (2025)", False), ("Số bài", True), ("Bài mới nhất", False), ("Trang", False)],
                  [[escape(r["province"]), r["articles"], escape(r["last"] or "—"), escape(", ".join(r["sites"]))]
                   for r in report.provinces],
                  row_class=lambda i: "none" if not report.provinces[i]["articles"] else ""),
           "<h2>Lịch sử các lần chạy</h2>",
           _figure(images["run_history"], "Lịch sử các lần chạy theo trang",
                   "Mỗi điểm là một lần chạy: bài mới, bài cập nhật, trang lỗi (HTTP hoặc đọc), "
                   "bài phải dùng trích xuất dự phòng."),
           "<h2>Sức khỏe trích xuất</h2>",
           _figure(images["health"], "Sức khỏe trích xuất theo trang",
                   "Tổng qua mọi lần chạy: trích xuất dự phòng, bài bị loại, rò rỉ giao diện bị chặn, trang lỗi."),
           _table([("Trang", False), ("Lần chạy", True), ("Thất bại", True), ("Dự phòng", True), ("Bị loại", True),
                   ("Rò rỉ bị chặn", True), ("Trang lỗi", True), ("Lần chạy cuối", False)],
                  [[escape(r["site"]), r["runs"], r["failed_runs"], r["fallbacks"], r["rejected"], r["leaks"],
                    r["failures"],
                    (f'<span class="bad">{escape(r["last_status"] or "?")}</span> ' if r["last_status"] != "ok"
                     else "ok ") + escape((r["last_run"] or "")[:16].replace("T", " "))
                    + "".join(f"<br>{escape(p)}" for p in r["last_problems"])]
                   for r in report.health])]
    out += ["<h2>Văn bản được trích dẫn nhiều nhất</h2>"]
    if report.has_documents:
        out += [_figure(images["documents"], "Văn bản được trích dẫn nhiều nhất", "Số bài trích dẫn mỗi văn bản."),
                _table([("Số hiệu", False), ("Loại", False), ("Số bài", True)],
                       [[escape(d["ref"]), escape(d["kind"]), d["articles"]] for d in report.documents])]
    else:
        out.append('<p class="meta">Các bài viết chưa có trường <code>documents</code>.</p>')
    out += ["<h2>Cán bộ được nhắc đến nhiều nhất</h2>"]
    if report.has_people:
        out += [_figure(images["people"], "Cán bộ được nhắc đến nhiều nhất", "Số bài nhắc đến mỗi người."),
                _table([("Họ tên", False), ("Chức vụ", False), ("Số bài", True)],
                       [[escape(p["name"]), escape(p["role"] or "—"), p["articles"]] for p in report.people])]
    else:
        out.append('<p class="meta">Các bài viết chưa có trường <code>people</code>.</p>')
    out += ["<h2>Bài viết mới nhất</h2>",
            _table([("Ngày", False), ("Tiêu đề", False), ("Trang", False), ("Tỉnh/thành", False)],
                   [[escape(a["date"] or "—"), f'<a href="{escape(a["url"] or "")}">{escape(a["title"] or "")}</a>',
                     escape(a["site"] or ""), escape(a["province"])] for a in report.latest])]
    return out


def write(report: Report, folder: Path, sources: str) -> Path:
    """Draw the plots into `folder` and write `folder/index.html`; the page's path.
    `sources` names what the report was read from (the store, the run folder)."""
    images = plots.draw_all(report, folder)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    html = "\n".join([
        '<!DOCTYPE html>', '<html lang="vi">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>dvcrawl: báo cáo công tác dân vận</title>", f"<style>{CSS}</style>", "</head>", "<body>",
        "<h1>Báo cáo dvcrawl: tin công tác dân vận</h1>",
        f'<p class="meta">{report.articles} bài viết từ {len(report.sites)} trang, {report.runs} lần chạy; '
        f"nguồn {escape(sources)}; lập lúc {now}.</p>",
        *_sections(report, images), "</body>", "</html>", ""])
    path = folder / "index.html"
    write_atomic(path, html)
    return path
