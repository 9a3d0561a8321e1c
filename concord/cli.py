"""The ``concord`` command line: one command per method of :class:`concord.api.Concord`.

Exit codes: 0 all fine, 1 some inputs failed (or an item was not found), 2 usage or settings errors.
Every listing takes ``--json`` (an array of records); a single item with ``--json`` prints one object.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from .errors import ConcordError, SettingsError, UsageError
from .settings import MAX_NUMBER
from .model import to_dict

app = typer.Typer(
    name="concord",
    help="Turn news reports into a corroborated, source-cited record of political events.",
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_state: dict[str, Any] = {}

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def _help_when_bare(ctx: typer.Context) -> None:
    """A group called without a command prints its help and exits 2 (a usage error)."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(2)


@app.callback()
def _main(
    ctx: typer.Context,
    db: Annotated[
        str | None, typer.Option("--db", help="The store: a SQLite file (or sqlite:///path) or a postgresql:// URL (default concord.db or $CONCORD_DB).")
    ] = None,
    config: Annotated[
        str | None, typer.Option("--config", help="TOML settings file (default ./concord.toml).")
    ] = None,
) -> None:
    """Global options shared by every command."""
    _help_when_bare(ctx)
    _state["db"] = db
    _state["config"] = config


def _concord(**overrides: Any) -> Any:
    """Open the facade with settings from file, environment and the global flags (lazy import)."""
    from .api import Concord
    from .settings import load_settings

    settings = load_settings(_state.get("config"), db=_state.get("db"), **overrides)
    return Concord(settings=settings)


#: Characters that would break a message over lines or drive the terminal (newlines, escapes).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(text: object) -> str:
    """``text`` as one line: control characters (a newline in a file name, a terminal escape) escaped."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


def _fail(message: object) -> None:
    """Print an error as the one line every failure gets."""
    typer.echo(f"error: {_one_line(message)}", err=True)


def _emit(data: Any) -> None:
    typer.echo(json.dumps(to_dict(data), ensure_ascii=False, indent=2))


@contextmanager
def _errors() -> Iterator[None]:
    """Turn concord errors into a one-line message and the documented exit code."""
    try:
        yield
    except (SettingsError, UsageError) as exc:
        _fail(exc)
        raise typer.Exit(2) from exc
    except ConcordError as exc:
        _fail(exc)
        raise typer.Exit(1) from exc


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow="fold", no_wrap=column in ("id", "date"))
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    Console(width=None if sys.stdout.isatty() else 200).print(table)


@contextmanager
def _progress(enabled: bool) -> Iterator[Any]:
    """A Rich progress line on stderr when it is a terminal (reading, then analysing with reports per
    second); a no-op callback otherwise (``--json``, pipes)."""
    if not (enabled and sys.stderr.isatty()):
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=Console(stderr=True), transient=True
    ) as bar:
        task = bar.add_task("ingesting", total=None)
        counts = {"new": 0, "duplicate": 0, "quarantined": 0, "analysed": 0, "skipped": 0}
        read_until = [time.perf_counter()]  # analysis starts when the last input has been read

        def tick(origin: str, outcome: str) -> None:
            counts[outcome] += 1
            now = time.perf_counter()
            if outcome == "analysed":
                rate = counts["analysed"] / max(now - read_until[0], 1e-6)
                bar.update(task, description=f"analysed {counts['analysed']} reports · {rate:.1f} reports/s")
                return
            read_until[0] = now
            bar.update(
                task,
                description=f"{counts['new']} new, {counts['duplicate']} known, "
                f"{counts['quarantined']} quarantined, {counts['skipped']} skipped · {origin[-60:]}",
            )

        yield tick


def _report_ingest(report: Any, as_json: bool) -> None:
    if as_json:
        _emit(report.to_json())
    else:
        typer.echo(
            f"{len(report.ingested)} ingested, {len(report.duplicates)} already stored, "
            f"{len(report.quarantined)} quarantined, {report.analysed} analysed"
            + "".join(f", {count} skipped ({why})" for why, count in sorted(report.skipped.items()))
        )
        for entry in report.quarantined:
            typer.echo(f"  quarantined {_one_line(entry['source'])}: {_one_line(entry['reason'])}", err=True)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, http(s) URLs or - for stdin.")],
    as_json: JsonFlag = False,
    analyze: Annotated[
        bool | None,
        typer.Option("--analyze/--no-analyze", help="Analyse new articles after storing them (default: on)."),
    ] = None,
    fetch_full_pages: Annotated[
        bool, typer.Option("--full-pages", help="Fetch the page behind each feed entry.")
    ] = False,
    allow_private_urls: Annotated[
        bool, typer.Option("--allow-private-urls", help="Allow loopback and private addresses.")
    ] = False,
) -> None:
    """Read reports, store each once, quarantine what cannot be read, then analyse."""
    with _errors():
        concord = _concord(
            analyze=analyze,
            fetch_full_pages=fetch_full_pages or None,
            allow_private_urls=allow_private_urls or None,
        )
        with _progress(not as_json) as tick:
            report = concord.ingest(inputs, stdin=sys.stdin.buffer, progress=tick)
    _report_ingest(report, as_json)


@app.command()
def batch(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (JSON Lines, Parquet, WARC shards...) or URLs.")],
    workers: Annotated[
        int | None, typer.Option(min=1, max=1024, help="Analysis actors (default: the workers setting).")
    ] = None,
    ray_address: Annotated[
        str | None, typer.Option(help="Ray cluster: auto, HOST:PORT or ray://HOST:PORT (default: a local Ray).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Ingest and analyse on Ray Data workers, store in batches, link in date order; resumable."""
    import time

    last = [0.0]

    def tick(done: int, rate: float) -> None:
        if time.monotonic() - last[0] >= 2.0:
            last[0] = time.monotonic()
            typer.echo(f"batch: {done} reports, {rate:.2f} reports/s", err=True)

    with _errors():
        report = _concord().batch(inputs, workers=workers, ray_address=ray_address, progress=tick)
    if not as_json:
        typer.echo(f"batch: {report.reports_per_second:.2f} reports/s with {report.workers} workers "
                   f"over {report.seconds:.1f} s (linking {report.link_seconds:.1f} s)")
    _report_ingest(report, as_json)


@app.command()
def articles(
    as_json: JsonFlag = False,
    source: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    since: Annotated[str | None, typer.Option(help="Earliest reference date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Latest reference date, YYYY-MM-DD.")] = None,
    language: Annotated[str | None, typer.Option(help="Only this language code.")] = None,
    after: Annotated[str | None, typer.Option(help="Continue after this article id.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=MAX_NUMBER, help="Most articles to list.")] = 100,
) -> None:
    """List stored articles in date order."""
    with _errors():
        items = _concord().articles(
            source=source, since=since, until=until, language=language, after=after, limit=limit
        )
    if as_json:
        _emit(items)
        return
    _table(
        f"{len(items)} articles",
        ["id", "date", "source", "title", "dateline"],
        [
            [a.id, a.date, a.source, (a.title or a.text[:60]), a.dateline.raw if a.dateline else ""]
            for a in items
        ],
    )


@app.command()
def article(article_id: Annotated[str, typer.Argument(help="Article id or unique prefix.")], as_json: JsonFlag = False) -> None:
    """Show one article: metadata, dateline, how its date was found, and its clean text."""
    with _errors():
        item = _concord().article(article_id)
    if as_json:
        _emit(item)
        return
    dateline = item.dateline
    typer.echo(f"{item.title or '(untitled)'}\n")
    for label, value in (
        ("id", item.id),
        ("source", item.source),
        ("url", item.url),
        ("date", f"{item.date} (from {item.date_method})"),
        ("published", item.published),
        ("dateline", dateline and f"{dateline.raw!r} → {dateline.place}, {dateline.country}, "
         f"{dateline.date}, {dateline.agency}"),
        ("language", item.language + (" (flagged: not analysed as English)" if item.language_flagged else "")),
        ("duplicate of", item.duplicate_of),
        ("origin", item.origin),
    ):
        if value:
            typer.echo(f"{label:>13}: {value}")
    typer.echo("\n" + item.text)


@app.command()
def analysis(article_id: Annotated[str, typer.Argument(help="Article id or unique prefix.")], as_json: JsonFlag = False) -> None:
    """Everything extracted from one article, each value with its citation and explanation."""
    with _errors():
        result = _concord().analysis(article_id)
    if as_json:
        _emit(result)
        return
    typer.echo(f"{len(result.sentences)} sentences, {len(result.actors)} actors, "
               f"{len(result.times)} dates, {len(result.events)} events, {len(result.facts)} facts")
    for actor in result.actors:
        typer.echo(f"actor  {actor.name} [{actor.kind}, {actor.country}, {'+'.join(actor.sector)}] {actor.role or ''}")
    for time in result.times:
        typer.echo(f"date   {time.text!r} → {time.value} ({time.precision}) s{time.citation.sentence}")
    for event in result.events:
        who = ", ".join(a.name for a in event.actors)
        whom = ", ".join(a.name for a in event.recipients)
        typer.echo(f"event  {event.type}/{event.mode or '-'} {who} → {whom or '-'} {event.date or ''} "
                   f"s{event.citation.sentence} ({event.explanation})")
    for fact in result.facts:
        status = "" if fact.status == "concluded" else f" ({fact.status})"
        typer.echo(f"fact   {fact.kind}: {fact.name}{status} {fact.date or ''} {','.join(fact.parties)} "
                   f"s{fact.citation.sentence}")


quarantine_app = typer.Typer(
    help="Inputs that could not be ingested; retry or drop one by its id.", invoke_without_command=True
)
app.add_typer(quarantine_app, name="quarantine")


@quarantine_app.callback()
def quarantine(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Inputs that could not be ingested, with the reason and how often they were tried."""
    if ctx.invoked_subcommand is not None:
        return
    with _errors():
        entries = _concord().quarantine()
    if as_json:
        _emit(entries)
        return
    _table(
        f"{len(entries)} quarantined inputs",
        ["id", "source", "kind", "reason", "attempts", "last seen"],
        [[e.id, e.source, e.kind, e.reason, e.attempts, e.last_seen] for e in entries],
    )


EntryId = Annotated[str, typer.Argument(help="Quarantine entry id (q-...) or a unique prefix.")]


@quarantine_app.command("retry")
def quarantine_retry(entry_id: EntryId, as_json: JsonFlag = False) -> None:
    """Try one quarantined input again: a held article is analysed, anything else read again."""
    with _errors():
        report = _concord().retry_quarantined(entry_id)
    _report_ingest(report, as_json)


@quarantine_app.command("drop")
def quarantine_drop(entry_id: EntryId, as_json: JsonFlag = False) -> None:
    """Remove one quarantine entry for good (and the article it held, if any)."""
    with _errors():
        entry = _concord().drop_quarantined(entry_id)
    if as_json:
        _emit(entry)
        return
    held = f" and deleted article {entry.article_id}" if entry.article_id else ""
    typer.echo(f"dropped {entry.id} ({entry.source}){held}")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find (all must match).")],
    as_json: JsonFlag = False,
    limit: Annotated[int, typer.Option(min=1, max=MAX_NUMBER, help="Most hits to show.")] = 20,
) -> None:
    """Full-text search over article titles and texts."""
    with _errors():
        hits = _concord().search(query, limit)
    if as_json:
        _emit(hits)
        return
    from rich.console import Console
    from rich.text import Text

    console = Console()
    for hit in hits:
        snippet = Text(hit.snippet)
        for start, end in hit.highlights:
            snippet.stylize("bold yellow", start, end)
        console.print(Text(f"{hit.article_id}  {hit.title or ''}", style="bold"))
        console.print(snippet)


@app.command()
def stats(as_json: JsonFlag = False) -> None:
    """Counts of what the store holds."""
    with _errors():
        figures = _concord().stats()
    if as_json:
        _emit(figures)
        return
    for key, value in figures.items():
        typer.echo(f"{key:>15}: {value}")


@app.command()
def analyse(as_json: JsonFlag = False) -> None:
    """Analyse stored articles that have no analysis yet (resumes an interrupted run)."""
    from .pipeline import IngestReport

    report = IngestReport()
    with _errors():
        report.analysed = _concord().analyse(report)
    if as_json:
        _emit({"analysed": report.analysed, "quarantined": report.quarantined})
    else:
        typer.echo(f"{report.analysed} articles analysed, {len(report.quarantined)} quarantined")
        for entry in report.quarantined:
            typer.echo(f"  quarantined {_one_line(entry['source'])}: {_one_line(entry['reason'])}", err=True)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def events(
    as_json: JsonFlag = False,
    actor: Annotated[list[str] | None, typer.Option("--actor", help="ISO3 country taking part (repeatable).")] = None,
    actor_id: Annotated[list[str] | None, typer.Option(
        "--actor-id", help="Canonical actor id taking part, as actor or recipient (repeatable; see concord actors).")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. CONSULT.")] = None,
    since: Annotated[str | None, typer.Option(help="Earliest event date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Latest event date, YYYY-MM-DD.")] = None,
    min_sources: Annotated[int | None, typer.Option(min=1, max=MAX_NUMBER, help="At least this many outlets.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Include story clusters with no coded event.")] = False,
    newest_first: Annotated[bool, typer.Option("--newest-first", help="Latest events first (--after then goes back).")] = False,
    after: Annotated[str | None, typer.Option(help="Continue after this event id.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=MAX_NUMBER, help="Most events to list.")] = 100,
) -> None:
    """List merged events in date order, each made of all the reports of it."""
    with _errors():
        items = _concord().events(
            actors=actor or (), actor_ids=actor_id or (), type=type, since=since, until=until, min_sources=min_sources,
            include_uncoded=all_, newest_first=newest_first, after=after, limit=limit,
        )
    if as_json:
        _emit(items)
        return
    _table(
        f"{len(items)} events",
        ["id", "date", "event", "mode", "actors", "recipients", "reports", "outlets", "conflicts"],
        [
            [e.id, e.date, e.event, e.mode, _countries(e.actor), _countries(e.recipient),
             e.n_articles, e.n_sources, ", ".join(c.field for c in e.conflicts)]
            for e in items
        ],
    )


def _countries(actors: list[Any]) -> str:
    return ", ".join(dict.fromkeys(a.country or a.name for a in actors))


@app.command()
def event(event_id: Annotated[str, typer.Argument(help="Event id or unique prefix.")], as_json: JsonFlag = False) -> None:
    """Show one merged event: the PLOVER record, its sources, citations and conflicts."""
    with _errors():
        item = _concord().event(event_id)
    if as_json:
        _emit(item)
        return
    typer.echo(f"{item.event} {('/' + item.mode) if item.mode else ''} on {item.date}  [{item.id}]")
    typer.echo(f"  actors: {_countries(item.actor)}   recipients: {_countries(item.recipient) or '-'}")
    typer.echo(f"  CAMEO {item.cameo}, intensity {item.intensity}, "
               f"{item.n_articles} reports from {item.n_sources} outlets")
    if item.event_text:
        typer.echo(f"  \"{item.event_text}\"")
    for source in item.sources:
        copy = f" (copy of {source['duplicate_of']})" if source.get("duplicate_of") else ""
        typer.echo(f"  report {source['article_id']} {source.get('date') or ''} {source.get('source') or ''}{copy}")
    for conflict in item.conflicts:
        values = "; ".join(f"{v.value} ({len(v.citations)} cites)" for v in conflict.values)
        typer.echo(f"  conflict on {conflict.field}: {values}")
    if item.related:
        typer.echo(f"  related events (same story): {', '.join(item.related)}")


@app.command()
def facts(
    as_json: JsonFlag = False,
    actor: Annotated[list[str] | None, typer.Option("--actor", help="ISO3 country among the parties (repeatable).")] = None,
    each: Annotated[bool, typer.Option("--each", help="One row per report that states a fact, not per fact.")] = False,
) -> None:
    """Standing facts the reports repeat (agreements, designations, dialogues, frameworks, plans), each once."""
    with _errors():
        concord = _concord()
        items = concord.facts(actor or ()) if each else []
        merged = [] if each else concord.standing_facts(actor or ())
    if as_json:
        _emit(items if each else merged)
    elif not each:
        _table(f"{len(merged)} facts", ["kind", "name", "date", "end", "reports", "outlets", "first report"],
               [[m.kind, m.title, m.date, m.end_date, m.count, m.n_sources, m.first_report] for m in merged])
    else:
        _each_fact_table(items)


def _each_fact_table(items: list[Any]) -> None:
    """Every report's facts, one row each."""
    _table(
        f"{len(items)} facts",
        ["kind", "name", "acronym", "date", "status", "round", "place", "parties", "cited in"],
        [[f.kind, f.name, f.acronym, f.date, f.status, f.round, f.place, ",".join(f.parties),
          f"{f.citation.article_id}#s{f.citation.sentence}"] for f in items],
    )


def _formats(as_json: bool, as_md: bool) -> str:
    if as_json and as_md:
        raise typer.BadParameter("choose one of --json, --md, --text")
    return "json" if as_json else "md" if as_md else "text"


MdFlag = Annotated[bool, typer.Option("--md", help="Print Markdown.")]
TextFlag = Annotated[bool, typer.Option("--text", help="Print plain text (the default).")]


@app.command()
def compare(
    event_id: Annotated[str, typer.Argument(help="Event id or unique prefix.")],
    as_json: JsonFlag = False,
    as_md: MdFlag = False,
    as_text: TextFlag = False,
    full: Annotated[bool, typer.Option("--full", help="Also print every claim group (the full comparison).")] = False,
    limit: Annotated[int | None, typer.Option(min=0, help="Most brief items (default 15; 0: all).")] = None,
) -> None:
    """Compare the reports of one event: the salience-ranked cited brief (--full: every claim group too)."""
    import dataclasses

    from .compare import brief_to_markdown, brief_to_text, comparison_to_markdown, comparison_to_text, write_brief

    fmt = _formats(as_json, as_md)
    with _errors():
        comparison = _concord().compare(event_id)
    brief = write_brief(comparison, limit=limit)
    if fmt == "json":
        _emit({"brief": brief, "comparison": comparison if full else dataclasses.replace(comparison, groups=[])})
    elif fmt == "md":
        typer.echo(brief_to_markdown(brief) + ("\n" + comparison_to_markdown(comparison) if full else ""))
    else:
        typer.echo(brief_to_text(brief) + ("\n" + comparison_to_text(comparison) if full else ""))


@app.command()
def timeline(
    actor: Annotated[list[str], typer.Option("--actor", help="ISO3 country (repeatable), e.g. --actor IND --actor USA.")],
    as_json: JsonFlag = False,
    as_md: MdFlag = False,
    as_text: TextFlag = False,
    actor_id: Annotated[list[str] | None, typer.Option(
        "--actor-id", help="Only the events of this canonical actor (repeatable).")] = None,
) -> None:
    """The relationship's events and standing facts in date order, facts counted across reports."""
    from .compare import timeline_to_markdown, timeline_to_text

    fmt = _formats(as_json, as_md)
    with _errors():
        result = _concord().timeline(actor, actor_ids=actor_id or ())
    if fmt == "json":
        _emit(result)
    else:
        typer.echo(timeline_to_markdown(result) if fmt == "md" else timeline_to_text(result), nl=False)


@app.command()
def dyad(
    a: Annotated[str, typer.Argument(help="ISO3 country, e.g. IND.")],
    b: Annotated[str, typer.Argument(help="The other ISO3 country, e.g. USA.")],
    as_json: JsonFlag = False,
    since: Annotated[str | None, typer.Option(help="First day shown, YYYY-MM-DD (default: the first event's).")] = None,
    until: Annotated[str | None, typer.Option(help="Last day shown, YYYY-MM-DD (default: the last event's).")] = None,
) -> None:
    """Two countries over time: events per period and type, mean intensity, standing facts."""
    with _errors():
        result = _concord().dyad(a, b, since=since, until=until)
    if as_json:
        _emit(result)
        return
    _table(
        f"{' – '.join(result.actors)}: {result.total} events by {result.grain}, {result.off_axis} not placed",
        ["period", "events", "types", "mean intensity", "standing facts"],
        [[p.period.label, p.total, ", ".join(f"{k} {n}" for k, n in p.counts.items()),
          "" if p.intensity is None else f"{p.intensity:+.1f}", "; ".join(f.title for f in p.facts)]
         for p in result.periods if p.total or p.facts],
    )


@app.command()
def dyads(
    as_json: JsonFlag = False,
    actor: Annotated[str | None, typer.Option("--actor", help="Only pairs with this ISO3 country.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most pairs to list.")] = 50,
) -> None:
    """Pairs of countries by the coded events both take part in, most first."""
    with _errors():
        items = _concord().dyads(actors=[actor] if actor else [], limit=limit)
    if as_json:
        _emit(items)
        return
    _table(f"{len(items)} dyads", ["dyad", "events"], [[f"{d.a} – {d.b}", d.count] for d in items])


@app.command()
def export(
    format: Annotated[
        str, typer.Option("--format", help="plover-jsonl, csv, parquet, gdelt-tsv or mentions-tsv.")
    ],
    out: Annotated[str, typer.Option("--out", help="File to write (replaced only when the export succeeds).")],
    as_json: JsonFlag = False,
) -> None:
    """Export every coded event in a format other tools read (PLOVER JSONL, CSV, Parquet, GDELT TSV)."""
    from .export import FORMATS

    if format not in FORMATS:
        raise typer.BadParameter(f"{format!r} is not one of: {', '.join(FORMATS)}", param_hint="--format")
    with _errors():
        rows = _concord().export(format, out)
    if as_json:
        _emit({"format": format, "out": out, "rows": rows})
        return
    typer.echo(f"wrote {rows} rows to {out}")


@app.command()
def recluster(as_json: JsonFlag = False) -> None:
    """Rebuild all events from scratch (near-duplicates, clustering, merging) in date order."""
    with _errors():
        ids = _concord().recluster()
    _emit({"events": len(ids)}) if as_json else typer.echo(f"{len(ids)} events rebuilt")


@app.command()
def actors(
    query: Annotated[str | None, typer.Argument(help="Part of a name or alias (any case).")] = None,
    as_json: JsonFlag = False,
    limit: Annotated[int, typer.Option(min=1, max=MAX_NUMBER, help="Most actors to list.")] = 20,
    stored: Annotated[bool, typer.Option("--stored", help="The actors of stored events instead, most events first.")] = False,
    offset: Annotated[int, typer.Option(min=0, max=MAX_NUMBER, help="With --stored: rows to skip.")] = 0,
) -> None:
    """Browse the actor knowledge base: actors whose name or an alias contains QUERY; with --stored,
    the actors that take part in the most stored events (those matching QUERY)."""
    if stored:
        _stored_actors(query, as_json, limit, offset)
        return
    with _errors():
        found = _concord().actors(query, limit)
    if as_json:
        _emit(found)
        return
    _table(
        f"{len(found)} actors",
        ["id", "name", "kind", "country", "code", "sectors", "aliases"],
        [[a.id, a.name, a.kind, a.country, a.code, ",".join(a.sectors), " | ".join(a.aliases[:4])] for a in found],
    )


def _stored_actors(query: str | None, as_json: bool, limit: int, offset: int) -> None:
    """``concord actors --stored``: the actors of stored events by their event counts."""
    with _errors():
        index = _concord().actor_index(query, limit=limit, offset=offset)
    if as_json:
        _emit(index)
        return
    _table(
        f"{len(index.items)} actors in stored events" + (f" matching {query!r}" if query else ""),
        ["id", "name", "kind", "country", "code", "events", "as actor", "as recipient"],
        [[a.id, a.name, a.kind, a.country, a.code, a.events, a.as_actor, a.as_recipient] for a in index.items],
    )


@app.command()
def actor(actor_id: Annotated[str, typer.Argument(help="Actor id, e.g. rajnath-singh, USA or x:pete-hegseth-usa.")],
          as_json: JsonFlag = False) -> None:
    """Show one actor: its knowledge-base entry (codes, sectors, aliases, roles with their dates) and
    what the stored events say (names, events as actor and recipient, types, counterparts)."""
    with _errors():
        item = _concord().actor_profile(actor_id)
    if as_json:
        _emit(item)
        return
    typer.echo(f"{item.name} ({item.id})" + ("" if item.known else "  [not in the knowledge base]"))
    known = item.known
    for label, value in (("kind", item.kind), ("country", item.country), ("code", item.code),
                         ("sectors", ", ".join(known.sectors) if known else ""),
                         ("aliases", " | ".join(known.aliases) if known else "")):
        if value:
            typer.echo(f"{label:>8}: {value}")
    for role in known.roles if known else ():
        typer.echo(f"    role: {role.code:<12} {role.start or '…'} to {role.end or '…'}  {', '.join(role.sectors)}")
    if not item.events:
        typer.echo("  events: none stored")
        return
    typer.echo(f"  events: {item.events} ({item.as_actor} as actor, {item.as_recipient} as recipient): "
               + ", ".join(f"{kind} {n}" for kind, n in item.types.items()))
    typer.echo("   names: " + " | ".join(n.name for n in item.names))
    typer.echo("    with: " + ", ".join(f"{p.name} ({p.id}) {p.events}" for p in item.partners))


eval_app = typer.Typer(help="Score event coding, clustering, dyads and comparison against gold files.",
                       invoke_without_command=True)
app.add_typer(eval_app, name="eval")
eval_app.callback()(_help_when_bare)


@eval_app.command("events")
def eval_events(
    path: Annotated[str, typer.Argument(help="PLV-format TSV: sentence, marked_sentence, source, target, gold_root.")],
    as_json: JsonFlag = False,
    coder: Annotated[str | None, typer.Option(help="Event coder: model, features or rules "
                                                   "(default: the event_coder setting).")] = None,
) -> None:
    """Score PLOVER event-type coding: accuracy, macro-F1, per-class P/R/F1, confusion matrix."""
    with _errors():
        scores = _concord().eval_events(path, coder)
    _print_scores(scores, as_json)


@eval_app.command("clusters")
def eval_clusters(
    path: Annotated[str, typer.Argument(help="JSON Lines: cluster, id, title, text, date, source.")],
    as_json: JsonFlag = False,
) -> None:
    """Score same-event clustering: pairwise and BCubed precision, recall and F1."""
    with _errors():
        scores = _concord().eval_clusters(path)
    _print_scores(scores, as_json)


@eval_app.command("dyads")
def eval_dyads(
    path: Annotated[str, typer.Argument(help="PLV-format TSV: sentence, source, target, gold_root.")],
    as_json: JsonFlag = False,
    coder: Annotated[str | None, typer.Option(help="Event coder: model, features or rules "
                                                   "(default: the event_coder setting).")] = None,
) -> None:
    """Score who did what to whom end to end: each sentence ingested as one report, its primary event's
    type, actors and recipients against the gold spans."""
    with _errors():
        scores = _concord().eval_dyads(path, coder)
    _print_scores(scores, as_json)


@eval_app.command("compare")
def eval_compare(
    gold: Annotated[str, typer.Argument(help="JSON Lines gold: cluster, shared and conflicts with quotes per article.")],
    articles: Annotated[str, typer.Argument(help="JSON Lines articles: cluster, id, text (title, date, source).")],
    as_json: JsonFlag = False,
) -> None:
    """Score comparisons of real stories: shared recall, conflict recall, false conflicts, unique share."""
    with _errors():
        scores = _concord().eval_compare(gold, articles)
    _print_scores(scores, as_json)


@eval_app.command("facts")
def eval_facts(
    gold: Annotated[str, typer.Argument(help="JSON Lines: id, facts [{kind, name, quote, year, parties}].")],
    articles: Annotated[str, typer.Argument(help="JSON Lines of the articles: id, text, title, date, source.")],
    as_json: JsonFlag = False,
) -> None:
    """Score standing facts: precision, recall, year and parties right, false facts on fact-free reports."""
    with _errors():
        scores = _concord().eval_facts(gold, articles)
    _print_scores(scores, as_json)


def _print_scores(scores: dict[str, Any], as_json: bool) -> None:
    if as_json:
        _emit(scores)
        return
    for key, value in scores.items():
        if isinstance(value, dict) and key not in ("confusion",):
            typer.echo(f"{key}:")
            for sub, number in value.items():
                typer.echo(f"  {sub}: {number}")
        elif not isinstance(value, (dict, list)):
            typer.echo(f"{key}: {value}")


@app.command()
def demo(as_json: JsonFlag = False) -> None:
    """Ingest the bundled example corpus and show the events it found."""
    with _errors():
        concord = _concord()
        with _progress(not as_json) as tick:
            report = concord.demo(progress=tick)
        figures = concord.stats()
        found = concord.events(limit=1000)
    if as_json:
        _emit({"ingest": report.to_json(), "stats": figures, "events": found})
    else:
        typer.echo(f"concord demo: {figures['articles']} articles from {figures['sources']} outlets "
                   f"({figures['first_date']} to {figures['last_date']}), {figures['duplicates']} wire "
                   f"copies, stored in {figures['db']}")
        _table(
            f"{len(found)} events, {figures['multi_source_events']} reported by several outlets",
            ["id", "date", "event", "mode", "actors", "reports", "outlets", "what it says"],
            [[e.id, e.date, e.event, e.mode, _countries(e.actor), e.n_articles, e.n_sources,
              e.event_text[:90]] for e in found],
        )
        db = figures["db"]
        typer.echo(f"next: concord --db {db} event ID · concord --db {db} facts --actor IND --actor USA"
                   f" · concord --db {db} search ceasefire")
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default: 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(min=1, max=65535, help="Port (default: 8000).")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Server processes sharing the port.")] = 1,
) -> None:
    """Serve the REST API and the web pages (http://127.0.0.1:8000 by default)."""
    with _errors():
        from .settings import load_settings
        from .web.server import serve as run

        run(load_settings(_state.get("config"), db=_state.get("db")), host=host, port=port, workers=workers)


def main() -> None:
    """Entry point of the ``concord`` script: whatever goes wrong ends in one line on stderr and
    exit code 2 (usage) or 1 (anything else), never a traceback (``CONCORD_DEBUG=1`` shows it)."""
    try:
        code = app(standalone_mode=False)
    except typer.TyperException as exc:  # a usage error: unknown option, bad value, missing argument
        ctx = getattr(exc, "ctx", None)
        _fail(exc.format_message() + (f" (see {ctx.command_path} --help)" if ctx is not None else ""))
        code = exc.exit_code
    except typer.Abort:
        _fail("interrupted")
        code = 1
    except BrokenPipeError:  # the reader went away (``concord articles | head``)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    except Exception as exc:  # noqa: BLE001 - the last guard of the CLI edge
        if os.environ.get("CONCORD_DEBUG"):
            raise
        _fail(f"unexpected {type(exc).__name__}: {exc} (CONCORD_DEBUG=1 shows the traceback)")
        code = 1
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
