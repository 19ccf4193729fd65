"""`dvcrawl sites`: the registry as a table, one site a line.

Columns: id, province (since 1 July 2025), level, status (archived sites name the site that
took them over), the template ("auto": recognised from the site or read generically), whether
the dân vận section is known (else it is found from the home page) and whether the domain was
checked live.
"""
from dvcrawl.registry import load_registry


def add_arguments(parser):
    parser.add_argument("--archived", action="store_true", help="only archived sites")


def main(args) -> int:
    sites = [s for s in load_registry().values() if not args.archived or s.status == "archived"]
    rows = [("id", "province_2025", "level", "status", "template", "section", "verified")]
    for s in sites:
        status = f"archived → {s.merged_into}" if s.merged_into else s.status
        rows.append((s.id, s.province_2025, s.level, status, s.template or "auto",
                     "known" if s.start_urls else "discover", "yes" if s.domain_verified else "no"))
    widths = [max(len(row[n]) for row in rows) for n in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    print(f"{len(sites)} site(s)")
    return 0
