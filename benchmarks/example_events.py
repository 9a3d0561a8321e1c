"""How well the merged events of the example corpus match its ground truth (examples/expected.json).

    python benchmarks/example_events.py [--json]

Ingests examples/corpus into a fresh store (analysis, clustering, merging), then, for each gold
event, takes the merged primary event (not a secondary event of a story) that holds most of its
reports and compares its PLOVER type, mode, date and actor countries with the gold values; a gold
event with no type (a sports report) should give no coded event. Prints one row per gold event and
the share of fields that match.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from concord.api import EXAMPLES_DIR, Concord
from concord.link.secondary import is_secondary
from concord.settings import Settings

GOLD_FILE = Path(__file__).resolve().parents[1] / "examples" / "expected.json"
FIELDS = ("type", "mode", "date", "actors")


def score(concord: Concord) -> list[dict[str, object]]:
    """One row per gold event: gold and found values of each field."""
    gold = json.loads(GOLD_FILE.read_text(encoding="utf-8"))
    by_title = {a.title: a for a in concord.articles(limit=10_000)}
    # A report may also give secondary events of its story; gold events are primary events.
    primaries = {e.id for e in concord.events(limit=10_000, include_uncoded=True) if not is_secondary(e)}
    groups: dict[str, list[dict[str, object]]] = defaultdict(list)
    for entry in gold:
        groups[str(entry["event"])].append(entry)
    rows = []
    for name, entries in sorted(groups.items()):
        first = entries[0]
        votes = Counter(e for entry in entries if not entry["duplicate_of"]
                        for e in concord.store.events_of_article(by_title[str(entry["title"])].id)
                        if e in primaries)
        found = concord.event(votes.most_common(1)[0][0]) if votes else None
        coded = found is not None and found.event != ""
        want = {"type": first["plover"], "mode": first["mode"], "date": first["date"],
                "actors": sorted(first["actors"])}
        got = {"type": found.event if coded else None, "mode": found.mode if coded else None,
               "date": found.date if coded else None,
               "actors": sorted({a.country for a in found.actor + found.recipient if a.country}) if coded else []}
        if want["type"] is None:  # no event in it: nothing else to compare
            want["mode"] = want["date"] = got["mode"] = got["date"] = None
            want["actors"] = got["actors"] = []
        rows.append({"event": name, "reports": len(entries), "want": want, "got": got,
                     "match": {f: want[f] == got[f] for f in FIELDS}})
    return rows


def main() -> None:
    """Ingest the examples and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="concord-examples-") as folder:
        with Concord(settings=Settings(db=str(Path(folder) / "examples.db"))) as concord:
            concord.ingest([str(EXAMPLES_DIR)])
            rows = score(concord)
    shares = {f: round(sum(r["match"][f] for r in rows) / len(rows), 3) for f in FIELDS}  # type: ignore[index]
    if args.json:
        print(json.dumps({"events": rows, "share_matching": shares}, indent=2))
        return
    for row in rows:
        wrong = [f"{f}: {row['got'][f]} (gold {row['want'][f]})" for f in FIELDS if not row["match"][f]]  # type: ignore[index]
        print(f"{row['event']:>13}  {'ok' if not wrong else '; '.join(wrong)}")
    print("share matching:", ", ".join(f"{f} {v:.2f}" for f, v in shares.items()))


if __name__ == "__main__":
    main()
