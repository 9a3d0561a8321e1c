"""A small corpus of shards for ``concord batch`` (JSON Lines, Parquet, a web archive, bad inputs),
and a local Ray started once for the tests that run a batch in this process."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

PLACES = ("OSLO", "ROME", "MADRID", "VIENNA", "LISBON", "ATHENS", "DUBLIN", "WARSAW")


def report(n: int) -> str:
    """A short report carrying a unique number."""
    place = PLACES[n % len(PLACES)]
    return (f"{place}, May {1 + n % 27} - The foreign ministers of the two countries met in {place.title()} "
            f"and agreed to hold further talks on trade next month, report number {n}.")


@dataclass
class Shards:
    """The folder of shards and the report numbers it holds (every one must be stored once)."""

    root: Path
    numbers: list[int] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)
    skipped: int = 0


def write_jsonl(path: Path, numbers: range) -> None:
    path.write_text("".join(json.dumps({"text": report(n), "date": f"2025-05-{1 + n % 27:02d}"}) + "\n"
                            for n in numbers))


def _warc(numbers: range) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for n in numbers:
        html = f"<html><body><article><p>{report(n)} {report(n)}</p></article></body></html>".encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://wire.example/{n}", "response",
                                                      payload=io.BytesIO(html), http_headers=headers))
        request = StatusAndHeaders(f"GET /{n} HTTP/1.1", [("Host", "wire.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record(f"https://wire.example/{n}", "request",
                                                      payload=io.BytesIO(b""), http_headers=request))
    return buf.getvalue()


def build_shards(root: Path, jsonl_shards: int = 2, per_shard: int = 4) -> Shards:
    """JSON Lines shards, a Parquet shard, a WARC shard, a binary file and a broken line."""
    root.mkdir(parents=True, exist_ok=True)
    shards = Shards(root)
    n = 0
    for i in range(jsonl_shards):
        write_jsonl(root / f"part-{i:03d}.jsonl", range(n, n + per_shard))
        shards.numbers += range(n, n + per_shard)
        n += per_shard
    pq.write_table(pa.table({"text": [report(k) for k in range(n, n + 3)]}), root / "part.parquet")
    shards.numbers += range(n, n + 3)
    n += 3
    (root / "crawl.warc.gz").write_bytes(_warc(range(n, n + 2)))
    shards.numbers += range(n, n + 2)
    shards.skipped = 2
    (root / "z-broken.jsonl").write_text('{"text": "cut\n')
    shards.bad.append(f"{root / 'z-broken.jsonl'}:1")
    (root / "z-image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    shards.bad.append(str(root / "z-image.png"))
    return shards


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """A local Ray for this process (3 logical CPUs: two analysis actors and the readers; no
    dashboard); skips only when Ray cannot start here."""
    ray = pytest.importorskip("ray")
    try:
        ray.init(num_cpus=3, include_dashboard=False, log_to_driver=False, _node_ip_address="127.0.0.1")
    except Exception as exc:  # noqa: BLE001 - whatever keeps Ray from starting is the reason to skip
        pytest.skip(f"Ray cannot start on this machine: {type(exc).__name__}: {exc}")
    yield
    ray.shutdown()
