"""The ``concord`` command line: one command per method of :class:`concord.api.Concord`.

Exit codes: 0 all fine, 1 some inputs failed (or an item was not found), 2 usage or settings errors.
Every listing takes ``--json`` (an array of records); a single item with ``--json`` prints one object.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from .errors import ConcordError, SettingsError
from .model import to_dict

app = typer.Typer(
    name="concord",
    help="Turn news reports into a corroborated, source-cited record of political events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_state: dict[str, Any] = {}

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


@app.callback()
def _main(
    db: Annotated[
        str | None, typer.Option("--db", help="SQLite database file (default concord.db or $CONCORD_DB).")
    ] = None,
    config: Annotated[
        str | None, typer.Option("--config", help="TOML settings file (default ./concord.toml).")
    ] = None,
) -> None:
    """Global options shared by every command."""
    _state["db"] = db
    _state["config"] = config


def _concord(**overrides: Any) -> Any:
    """Open the facade with settings from file, environment and the global flags (lazy import)."""
    from .api import Concord
    from .settings import load_settings

    settings = load_settings(_state.get("config"), db=_state.get("db"), **overrides)
    return Concord(settings=settings)


def _emit(data: Any) -> None:
    typer.echo(json.dumps(to_dict(data), ensure_ascii=False, indent=2))


@contextmanager
def _errors() -> Iterator[None]:
    """Turn concord errors into a one-line message and the documented exit code."""
    try:
        yield
    except SettingsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    except ConcordError as exc:
        typer.echo(f"error: {exc}", err=True)
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
    """A Rich progress line on stderr when it is a terminal; a no-op callback otherwise."""
    if not (enabled and sys.stderr.isatty()):
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=Console(stderr=True), transient=True
    ) as bar:
        task = bar.add_task("ingesting", total=None)
        counts = {"new": 0, "duplicate": 0, "quarantined": 0}

        def tick(origin: str, outcome: str) -> None:
            counts[outcome] += 1
            bar.update(
                task,
                description=f"{counts['new']} new, {counts['duplicate']} known, "
                f"{counts['quarantined']} quarantined · {origin[-60:]}",
            )

        yield tick


def _report_ingest(report: Any, as_json: bool) -> None:
    if as_json:
        _emit(report.to_json())
    else:
        typer.echo(
            f"{len(report.ingested)} ingested, {len(report.duplicates)} already stored, "
            f"{len(report.quarantined)} quarantined, {report.analysed} analysed"
        )
        for entry in report.quarantined:
            typer.echo(f"  quarantined {entry['source']}: {entry['reason']}", err=True)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, http(s) URLs or - for stdin.")],
    as_json: JsonFlag = False,
    analyze: Annotated[
        bool | None,
        typer.Option("--analyze/--no-analyze", help="Analyse new articles after storing them [default: on]."),
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
def articles(
    as_json: JsonFlag = False,
    source: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    since: Annotated[str | None, typer.Option(help="Earliest reference date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Latest reference date, YYYY-MM-DD.")] = None,
    language: Annotated[str | None, typer.Option(help="Only this language code.")] = None,
    after: Annotated[str | None, typer.Option(help="Continue after this article id.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most articles to list.")] = 100,
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


@app.command()
def quarantine(as_json: JsonFlag = False) -> None:
    """Inputs that could not be ingested, with the reason and how often they were tried."""
    with _errors():
        entries = _concord().quarantine()
    if as_json:
        _emit(entries)
        return
    _table(
        f"{len(entries)} quarantined inputs",
        ["source", "kind", "reason", "attempts", "last seen"],
        [[e.source, e.kind, e.reason, e.attempts, e.last_seen] for e in entries],
    )


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find (all must match).")],
    as_json: JsonFlag = False,
    limit: Annotated[int, typer.Option(min=1)] = 20,
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
    with _errors():
        count = _concord().analyse()
    _emit({"analysed": count}) if as_json else typer.echo(f"{count} articles analysed")


@app.command()
def events(
    as_json: JsonFlag = False,
    actor: Annotated[list[str] | None, typer.Option("--actor", help="ISO3 country taking part (repeatable).")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. CONSULT.")] = None,
    since: Annotated[str | None, typer.Option(help="Earliest event date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Latest event date, YYYY-MM-DD.")] = None,
    min_sources: Annotated[int | None, typer.Option(min=1, help="At least this many outlets.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Include story clusters with no coded event.")] = False,
    after: Annotated[str | None, typer.Option(help="Continue after this event id.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most events to list.")] = 100,
) -> None:
    """List merged events in date order, each made of all the reports of it."""
    with _errors():
        items = _concord().events(
            actors=actor or (), type=type, since=since, until=until, min_sources=min_sources,
            include_uncoded=all_, after=after, limit=limit,
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
    semantic: Annotated[
        bool, typer.Option("--semantic", help="Also align claims by sentence embeddings (concord[semantic]).")
    ] = False,
) -> None:
    """Compare the reports of one event: the cited brief, then every claim group and its label."""
    from .compare import brief_to_markdown, brief_to_text, comparison_to_markdown, comparison_to_text, write_brief

    fmt = _formats(as_json, as_md)
    with _errors():
        comparison = _concord().compare(event_id, semantic=semantic)
    brief = write_brief(comparison)
    if fmt == "json":
        _emit({"brief": brief, "comparison": comparison})
    elif fmt == "md":
        typer.echo(brief_to_markdown(brief) + "\n" + comparison_to_markdown(comparison))
    else:
        typer.echo(brief_to_text(brief) + "\n" + comparison_to_text(comparison))


@app.command()
def timeline(
    actor: Annotated[list[str], typer.Option("--actor", help="ISO3 country (repeatable), e.g. --actor IND --actor USA.")],
    as_json: JsonFlag = False,
    as_md: MdFlag = False,
    as_text: TextFlag = False,
) -> None:
    """The relationship's events and standing facts in date order, facts counted across reports."""
    from .compare import timeline_to_markdown, timeline_to_text

    fmt = _formats(as_json, as_md)
    with _errors():
        result = _concord().timeline(actor)
    if fmt == "json":
        _emit(result)
    else:
        typer.echo(timeline_to_markdown(result) if fmt == "md" else timeline_to_text(result), nl=False)


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


eval_app = typer.Typer(help="Score event coding and clustering against gold files.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


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
    host: Annotated[str | None, typer.Option(help="Address to bind [default: 127.0.0.1].")] = None,
    port: Annotated[int | None, typer.Option(min=1, max=65535, help="Port [default: 8000].")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Server processes sharing the port.")] = 1,
) -> None:
    """Serve the REST API and the web pages (http://127.0.0.1:8000 by default)."""
    with _errors():
        from .settings import load_settings
        from .web.server import serve as run

        run(load_settings(_state.get("config"), db=_state.get("db")), host=host, port=port, workers=workers)


def main() -> None:
    """Entry point of the ``concord`` script."""
    app()


if __name__ == "__main__":
    main()
