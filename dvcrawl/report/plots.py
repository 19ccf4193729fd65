"""The report's plots, drawn with matplotlib (Agg, no display) into PNG files.

DejaVu Sans, which ships with matplotlib, has every Vietnamese letter with its tone marks, so
province names, roles and titles print as written. Each function writes one image and returns
its file name, or None when there is nothing to draw.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)

from matplotlib.ticker import MaxNLocator  # noqa: E402

from dvcrawl.report.figures import Report  # noqa: E402
from dvcrawl.text import fold  # noqa: E402

plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9, "axes.spines.top": False,
                     "axes.spines.right": False, "savefig.dpi": 110})
SERIES = (("new", "mới", "#2b7bba"), ("updated", "cập nhật", "#7fbf3f"),
          ("failures", "lỗi tải/đọc", "#d7301f"), ("fallbacks", "dự phòng", "#f0a020"))


def _save(fig, folder: Path, name: str) -> str:
    fig.savefig(folder / name, bbox_inches="tight")
    plt.close(fig)
    return name


def province_months(report: Report, folder: Path) -> str | None:
    """Heat map: articles per province (34 rows) per month."""
    if not report.months:
        return None
    names = [row["province"] for row in sorted(report.provinces, key=lambda r: fold(r["province"]))]
    grid = [[report.by_province_month.get(p, {}).get(m, 0) for m in report.months] for p in names]
    fig, ax = plt.subplots(figsize=(max(6.0, 0.32 * len(report.months) + 3), 0.26 * len(names) + 1.6))
    image = ax.imshow(grid, aspect="auto", cmap="Blues", interpolation="nearest")
    ax.set_yticks(range(len(names)), names)
    step = max(1, len(report.months) // 18)
    ax.set_xticks(range(0, len(report.months), step), report.months[::step], rotation=60, ha="right")
    for y, row in enumerate(grid):
        for x, n in enumerate(row):
            if n:
                ax.text(x, y, str(n), ha="center", va="center", fontsize=7,
                        color="white" if n > max(map(max, grid)) / 2 else "black")
    ax.set_title("Số bài theo tỉnh/thành (34 đơn vị, sau sáp nhập 2025) và tháng đăng")
    fig.colorbar(image, ax=ax, shrink=0.6, label="bài viết", ticks=MaxNLocator(integer=True))
    return _save(fig, folder, "province-months.png")


def run_history(report: Report, folder: Path) -> str | None:
    """One panel per site: new, updated, failed pages and fallbacks per run."""
    sites = sorted(report.run_history)
    if not sites:
        return None
    fig, axes = plt.subplots(len(sites), 1, figsize=(9, 1.9 * len(sites) + 0.6), sharex=False, squeeze=False)
    for ax, site in zip(axes[:, 0], sites):
        rows = report.run_history[site]
        x = range(len(rows))
        for key, label, colour in SERIES:
            ax.plot(x, [r[key] for r in rows], marker="o", ms=3, label=label, color=colour)
        for i, r in enumerate(rows):
            if r["status"] != "ok":
                ax.axvspan(i - 0.4, i + 0.4, color="#d7301f", alpha=0.12, lw=0)
        ax.set_title(site, loc="left", fontsize=9)
        step = max(1, len(rows) // 8)
        ax.set_xticks(list(x)[::step], [(r["started_at"] or "")[:16].replace("T", " ") for r in rows][::step])
        ax.set_ylabel("bài / trang")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes[0, 0].legend(ncol=4, loc="upper right", fontsize=8, frameon=False)
    fig.suptitle("Lịch sử các lần chạy theo trang (nền đỏ: lần chạy thất bại)", x=0.01, ha="left")
    fig.tight_layout()
    return _save(fig, folder, "run-history.png")


def health(report: Report, folder: Path) -> str | None:
    """Bars per site: fallbacks, rejected items, chrome leaks refused, pages given up on."""
    if not report.health:
        return None
    keys = (("fallbacks", "trích xuất dự phòng", "#f0a020"), ("rejected", "bị loại", "#7b3294"),
            ("leaks", "rò rỉ giao diện bị chặn", "#c2a5cf"), ("failures", "lỗi tải/đọc", "#d7301f"))
    sites = [row["site"] for row in report.health]
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(sites) + 1.4))
    width = 0.8 / len(keys)
    for k, (key, label, colour) in enumerate(keys):
        ax.barh([i + k * width for i in range(len(sites))], [row[key] for row in report.health],
                height=width, label=label, color=colour)
    ax.set_yticks([i + 0.4 - width / 2 for i in range(len(sites))], sites)
    ax.invert_yaxis()
    ax.set_xlim(0, max(1, *(row[key] for row in report.health for key, _, _ in keys)) * 1.05)  # all zero: 0–1
    ax.set_xlabel("tổng qua mọi lần chạy")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_title("Sức khỏe trích xuất theo trang")
    return _save(fig, folder, "health.png")


def _ranking(rows: list[dict], label_key: str, title: str, colour: str, folder: Path, name: str) -> str | None:
    if not rows:
        return None
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(rows) + 1.0))
    ax.barh(range(len(rows)), [r["articles"] for r in rows], color=colour)
    ax.set_yticks(range(len(rows)), [r[label_key] for r in rows])
    ax.invert_yaxis()
    ax.set_xlabel("số bài viết")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title)
    return _save(fig, folder, name)


def documents(report: Report, folder: Path) -> str | None:
    return _ranking(report.documents, "ref", "Văn bản được trích dẫn nhiều nhất", "#1b7837", folder, "documents.png")


def people(report: Report, folder: Path) -> str | None:
    return _ranking(report.people, "name", "Cán bộ được nhắc đến nhiều nhất", "#762a83", folder, "people.png")


PLOTS = {"province_months": province_months, "run_history": run_history, "health": health,
         "documents": documents, "people": people}


def draw_all(report: Report, folder: Path) -> dict[str, str | None]:
    return {key: draw(report, folder) for key, draw in PLOTS.items()}
