"""An ingest reports its progress: each input as it is read, then each report as it is analysed."""

from __future__ import annotations

from pathlib import Path

from concord.api import Concord
from concord.settings import Settings


def test_ingest_reports_every_input_then_every_analysed_report(tmp_path: Path) -> None:
    texts = ["PARIS, May 1 - France and Spain held talks on fishing rights in the Bay of Biscay.",
             "MADRID, May 1 - Spain and Portugal signed a water-sharing accord for the Tagus river."]
    paths = []
    for k, text in enumerate(texts):
        paths.append(tmp_path / f"r{k}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    seen: list[tuple[str, str]] = []
    with Concord(tmp_path / "p.db", settings=Settings()) as concord:
        report = concord.ingest([str(p) for p in paths], progress=lambda origin, outcome: seen.append((origin, outcome)))
    outcomes = [outcome for _, outcome in seen]
    assert outcomes == ["new", "new", "analysed", "analysed"]
    assert sorted(origin for origin, outcome in seen if outcome == "analysed") == sorted(report.ingested)
