"""The ``concord batch`` run: shards read and analysed on Ray Data (an actor pool), written to the
store in batches by this process, then linked here in date order.

Resumable by construction: every analysed article is written with its analysis in one
transaction, a rerun skips what the store already holds analysed (or held), analyses any stored
article left without analysis, and links whatever is unlinked. A killed actor is restarted and
its batch retried by Ray; a killed run loses only batches it had not written yet.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import ConcordError, InputError, UsageError
from ..ingest.record import Skipped
from ..ingest.sources import input_files
from ..model import Event
from ..pipeline import (IngestReport, analyse_pending, comparison_of, hold_article, keep_comparison, link_pending,
                        quarantine_input, to_compare)
from ..settings import Settings
from ..store import Store
from .work import Analysed, Analyser, Held, Known, compare_job, pack, read_shard, unpack

__all__ = ["BatchProgress", "BatchReport", "run_batch"]

#: Rows written to the store in one transaction.
BATCH = 16
#: Articles an actor analyses at a time: small, so the actors' shares even out and they end together.
ANALYSE_BATCH = 4
#: Events to compare below which the driver compares them itself (the workers' start costs more).
SPREAD = 8
#: Where a local Ray listens: this machine only.
LOOPBACK = "127.0.0.1"
#: Seconds to wait for a Ray cluster address to accept a connection.
REACH_SECONDS = 5.0
#: Called now and then with (reports done, reports per second since the start).
BatchProgress = Callable[[int, float], None]


@dataclass
class BatchReport(IngestReport):
    """What one batch run did: the ingest figures, the workers, the time (of which linking, which
    runs in one process after the workers are done) and the throughput."""

    workers: int = 1
    seconds: float = 0.0
    link_seconds: float = 0.0

    @property
    def reports_per_second(self) -> float:
        """Reports read, analysed and stored per second of the whole run (linking included)."""
        done = len(self.ingested) + len(self.duplicates)
        return done / self.seconds if self.seconds else 0.0

    def to_json(self) -> dict[str, object]:
        """The ``concord ingest --json`` shape plus ``workers``, ``seconds``, ``link_seconds`` and
        ``reports_per_second``."""
        return {**super().to_json(), "workers": self.workers, "seconds": round(self.seconds, 2),
                "link_seconds": round(self.link_seconds, 2), "reports_per_second": round(self.reports_per_second, 2)}


def run_batch(
    inputs: Iterable[str],
    store: Store,
    settings: Settings,
    *,
    workers: int = 1,
    ray_address: str | None = None,
    progress: BatchProgress | None = None,
    now: dt.datetime | None = None,
) -> BatchReport:
    """Read, normalise and analyse ``inputs`` on Ray with ``workers`` analysis actors, store the
    results in batches and link them; bad inputs are quarantined as ``concord ingest`` does."""
    if workers < 1:
        raise UsageError(f"workers must be at least 1, not {workers}")
    start = time.monotonic()
    report = BatchReport(workers=workers)
    warm = threading.Thread(target=_import_linker, name="concord-link-import", daemon=True)
    warm.start()  # the linker's imports (scikit-learn, SciPy) load while the workers analyse
    shards = []
    for item in input_files(inputs):
        if isinstance(item, InputError):
            quarantine_input(store, report, item)
        elif item == "-":
            raise UsageError("concord batch reads files, folders and URLs, not standard input")
        else:
            shards.append(item)
    if shards:
        rows = _dataset(shards, settings, workers, ray_address, _done_ids(store), now or dt.datetime.now(dt.UTC))
        _write(store, report, rows, start, progress)
    report.analysed += analyse_pending(store, settings, report)  # stored before a crash, not analysed
    warm.join()
    linking = time.monotonic()
    report.events = link_pending(store, compare=False)
    _compare(store, to_compare(store, report.events), workers, ray_address)
    report.link_seconds = time.monotonic() - linking
    report.seconds = time.monotonic() - start
    return report


def _import_linker() -> None:
    """Import the linker's modules (what :func:`link_pending` imports first)."""
    from ..link import cluster, dedup, secondary  # noqa: F401


def _compare(store: Store, events: list[Event], workers: int, address: str | None) -> None:
    """Compare the reports of each linked event and store the comparisons: on ``workers`` Ray workers
    when there are enough events (the driver stores each as it comes), else here. An event whose
    remote comparison fails is compared here, so its error is the one a user would see."""
    if workers == 1 or len(events) < SPREAD:
        for event in events:
            comparison_of(store, event)
        return
    ray = _start_ray(address, workers)
    task = ray.remote(num_cpus=1, max_retries=2)(compare_job)
    queue, running = list(reversed(events)), {}
    while queue or running:
        while queue and len(running) < workers:
            event = queue.pop()
            running[task.remote(pack((event, store.reports(event.id)))["item"])] = event
        ready, _ = ray.wait(list(running), num_returns=1)
        event = running.pop(ready[0])
        try:
            comparison, embedded = unpack(ray.get(ready[0]))
        except ray.exceptions.RayError:
            comparison_of(store, event)
            continue
        keep_comparison(store, event, comparison, embedded)


def _done_ids(store: Store) -> frozenset[str]:
    """Ids of stored articles a rerun need not analyse: analysed ones and those held in the quarantine."""
    pending = {article.id for article in store.unanalysed()}
    return frozenset(a.id for a in store.iter_articles() if a.id not in pending)


def _dataset(shards: list[str], settings: Settings, workers: int, address: str | None,
             done: frozenset[str], now: dt.datetime) -> Iterable[dict[str, Any]]:
    """The Ray Data pipeline: one read task per shard, then the analysis actor pool; batches of rows."""
    ray = _start_ray(address, workers)
    from ray.data import ActorPoolStrategy, DataContext

    logging.getLogger("ray.data").setLevel(logging.ERROR)  # its per-run notices would drown the progress
    context = DataContext.get_current()
    context.enable_progress_bars = False
    items = ray.data.from_items([{"shard": s} for s in shards], override_num_blocks=len(shards))
    records = items.flat_map(read_shard, fn_kwargs={"settings": settings, "now": now}, num_cpus=0.25)
    analysed = records.map_batches(
        Analyser, fn_constructor_kwargs={"settings": settings, "done": done}, batch_size=ANALYSE_BATCH,
        compute=ActorPoolStrategy(size=workers), num_cpus=1,
    )  # Ray Data restarts a killed actor and runs its batch again (max_restarts, max_task_retries -1)
    return analysed.iter_batches(batch_size=BATCH, batch_format="default")


def _start_ray(address: str | None, workers: int) -> Any:
    """Connect to the Ray cluster at ``address`` (``auto``: the one this machine belongs to), or start
    a local one sized for ``workers`` actors; :class:`ConcordError` when neither works."""
    import ray

    if ray.is_initialized():
        return ray
    quiet = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.WARNING,
             "configure_logging": True}
    if address and address != "auto":
        _reach(address)
    try:
        if address:
            ray.init(address=address, **quiet)
        else:
            ray.init(num_cpus=workers + 1, _node_ip_address=LOOPBACK, **quiet)
    except Exception as exc:  # noqa: BLE001 - Ray raises many types when it cannot start or connect
        where = f"at {address}" if address else "locally"
        raise ConcordError(f"cannot start Ray {where}: {type(exc).__name__}: {exc}") from None
    return ray


def _reach(address: str) -> None:
    """Refuse at once a cluster address nothing listens on (Ray itself retries for minutes)."""
    client = address.startswith("ray://")
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        host, port = address.removeprefix("ray://"), "10001" if client else "6379"
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=REACH_SECONDS).close()
    except (OSError, ValueError) as exc:
        raise ConcordError(f"no Ray cluster answers at {address}: {exc}") from None


def _write(store: Store, report: BatchReport, batches: Iterable[dict[str, Any]], start: float,
           progress: BatchProgress | None) -> None:
    """Store each batch of rows in one transaction: articles with their analyses, held articles,
    quarantined inputs; count skips and articles already there."""
    done = 0
    for batch in batches:
        with store.transaction():
            for item in batch["item"]:
                done += _store_record(store, report, unpack(item))
        if progress:
            progress(done, done / max(time.monotonic() - start, 1e-9))


def _store_record(store: Store, report: BatchReport, record: object) -> int:
    """Store one record of the analysis stage; 1 when it was a report (new, known or held), 0 for
    an input error or a skip."""
    if isinstance(record, InputError):
        quarantine_input(store, report, record)
        return 0
    if isinstance(record, Skipped):
        report.skip(record)
        return 0
    if isinstance(record, Known):
        report.duplicates.append(record.article_id)
        return 1
    if not isinstance(record, (Analysed, Held)):
        raise ConcordError(f"the batch analysis stage passed on a {type(record).__name__}")
    article = record.article
    (report.ingested if store.add_article(article) else report.duplicates).append(article.id)
    if isinstance(record, Analysed):
        store.save_analysis(record.analysis)
        report.analysed += 1
    else:
        hold_article(store, report, article, record.failure)
    return 1
