"""`dvcrawl search`: find articles in the store by title and text, best first.

    dvcrawl search [QUERY] [--sites ID,…] [--since DATE] [--limit N] [--document REF]
                   [--person NAME] [--json] [--state DIR|URL]

Diacritics are optional ("dan van kheo" finds "Dân vận khéo"); every word must occur.
Articles with the words as a phrase in the title come first, then those with the phrase in
the text, then the others, each by the full-text index's relevance (SQLite FTS5 BM25 or
PostgreSQL ts_rank). --document keeps articles citing a document number (114-KL/TW),
--person those naming a person; with one of them the QUERY may be left out.
"""
import json

from dvcrawl.commands.options import add_state_argument, check_sites, iso_date, positive_int, site_ids
from dvcrawl.store import open_store


def add_arguments(parser):
    parser.add_argument("query", metavar="QUERY", nargs="?", default="",
                        help="words to find, with or without diacritics (may be left out with "
                             "--document or --person: the newest such articles)")
    parser.add_argument("--sites", "--site", type=site_ids, metavar="ID,…", help="only these sites")
    parser.add_argument("--since", type=iso_date, metavar="DATE",
                        help="only articles published on DATE (YYYY-MM-DD) or later")
    parser.add_argument("--limit", type=positive_int, default=20, metavar="N", help="at most N results (default: 20)")
    parser.add_argument("--document", metavar="REF", help="only articles citing this document, e.g. 114-KL/TW")
    parser.add_argument("--person", metavar="NAME", help="only articles naming this person")
    parser.add_argument("--json", action="store_true", help="print the results as a JSON array")
    add_state_argument(parser)


def main(args) -> int:
    with open_store(args.state, create=False) as store:
        check_sites(store, args.sites)
        hits = store.search(args.query, sites=args.sites, since=args.since, limit=args.limit,
                            document=args.document, person=args.person)
    if args.json:
        print(json.dumps([{"rank": n, "score": round(h.score, 6), "url": h.item["url"], "site": h.item["site"],
                           "title": h.item["title"], "published": h.item.get("published"),
                           "story_id": h.item.get("story_id"), "snippet": h.snippet}
                          for n, h in enumerate(hits, 1)], ensure_ascii=False, indent=2))
        return 0
    for n, hit in enumerate(hits, 1):
        item = hit.item
        print(f"{n}. {item['title']}  [{item['site']}, {item.get('published') or 'no date'}]")
        print(f"   {item['url']}")
        print(f"   {hit.snippet}\n")
    print(f"{len(hits)} article(s) found" if hits else f"no article matches {args.query!r}")
    return 0
