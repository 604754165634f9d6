"""The ``newsfuse`` command line: thin shells over :mod:`newsfuse.workflow` and friends.

Exit codes: 0 success; 1 an error (printed as ``Error: ...`` on stderr); 2 a usage error;
3 ``ingest``/``run`` could not ingest any of the inputs.

Scripting: every command that reports something takes ``--json``; listings print
tab-separated rows (header first, ids whole) when standard output is not a terminal, and
wide rich tables when it is; titles, names and file names are printed literally (rich
markup in them is not interpreted). Only ``ingest`` and ``run`` create a missing store;
other commands refuse a ``--db`` that does not exist unless ``newsfuse --create`` is given.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text
from typer.core import TyperGroup

from . import config, workflow
from .errors import NewsfuseError
from .model import to_dict

app = typer.Typer(
    help="Turn many news reports about one situation into one sourced picture of it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
stories_app = typer.Typer(
    help="Group articles into stories, list, merge and split them.", rich_markup_mode=None
)
app.add_typer(stories_app, name="stories")


class _ClaimsGroup(TyperGroup):
    """``newsfuse claims STORY`` lists; ``newsfuse claims review ...`` reviews."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["list", *args]
        return super().resolve_command(ctx, args)


claims_app = typer.Typer(
    cls=_ClaimsGroup,
    help="A story's claims (figures aligned across sources); review them.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(claims_app, name="claims")

WIDE = 100_000  # console width when not a terminal: rich never wraps or cuts a line
err = Console(stderr=True, width=None if sys.stderr.isatty() else WIDE, highlight=False)
_state = {"create": False}  # set by the main callback's --create

EXIT_ERROR = 1
EXIT_NOTHING_INGESTED = 3

DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="Store: a SQLite path or a postgresql:// URL [env NEWSFUSE_DB]."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]
LimitOpt = Annotated[int, typer.Option("--limit", min=1, help="How many rows at most.")]
OffsetOpt = Annotated[int, typer.Option("--offset", min=0, help="Rows to skip.")]
WordsOpt = Annotated[int, typer.Option("--words", min=20, help="Summary word budget.")]

F = TypeVar("F", bound=Callable[..., Any])


def _handles_errors(func: F) -> F:
    """Print a NewsfuseError as one line on stderr and exit 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NewsfuseError as exc:
            err.print(f"[red]Error:[/red] {escape(str(exc))}", markup=True, highlight=False)
            raise typer.Exit(EXIT_ERROR) from None

    return wrapper  # type: ignore[return-value]


def command(typer_app: typer.Typer = app, **kw: Any) -> Callable[[F], F]:
    """Register a command whose NewsfuseErrors become a clean message and exit 1."""

    def register(func: F) -> F:
        return typer_app.command(**kw)(_handles_errors(func))

    return register


def out() -> Console:
    """The console for standard output: wide (never wrapping) when not a terminal."""
    return Console(width=None if sys.stdout.isatty() else WIDE, highlight=False)


@contextmanager
def _store(db: str | None, *, create: bool = False) -> Iterator[Any]:
    """Open the configured store for one command; a missing one is an error unless the
    command creates stores (``create``) or ``newsfuse --create`` was given."""
    from .store import open_store

    store = open_store(config.db_url(db), create=create or _state["create"])
    try:
        yield store
    finally:
        store.close()


MAIN_EVENTS = ("inputs", "annotated", "clustered", "clusters")  # events that advance the bar


@contextmanager
def _progress(label: str) -> Iterator[workflow.Progress]:
    """A rich progress display fed by workflow events: a ``total`` event sets the
    total (then the bar shows done/total, percent, rate and ETA); the main event
    (:data:`MAIN_EVENTS`) advances it; other events are shown as counts."""
    counts: dict[str, int] = {}
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(bar_width=None),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        # Off when stderr is not a terminal: a transient bar shows nothing there, and its
        # refresh thread would still cost ~1% of a core for the whole run.
        disable=not err.is_terminal,
        refresh_per_second=4,
    ) as bar:
        task = bar.add_task(label, total=None, counts="", rate="")

        def update(event: str, count: int) -> None:
            shown = " · ".join(f"{v} {k}" for k, v in counts.items())
            if event == "total":
                bar.reset(task, total=count, counts=shown, rate="")
            elif event in MAIN_EVENTS:
                speed = bar.tasks[0].speed
                bar.update(task, completed=count, rate=f"{speed:.1f}/s" if speed else "")
            else:
                counts[event] = count
                bar.update(task, counts=" · ".join(f"{v} {k}" for k, v in counts.items()))

        yield update


def _print_json(data: Any) -> None:
    """Write JSON to stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _print_rows(headers: tuple[str, ...], rows: list[tuple[Any, ...]], **kw: Any) -> None:
    """A listing: tab-separated lines when stdout is not a terminal (ids whole, one row a
    line), else a rich table whose first column (the id) never wraps. Values are
    printed literally."""
    cells = [
        tuple(v if isinstance(v, Text) else "" if v is None else str(v) for v in row)
        for row in rows
    ]
    if not sys.stdout.isatty():
        for line in (headers, *cells):
            sys.stdout.write("\t".join(" ".join(str(v).split()) for v in line) + "\n")
        return
    table = Table(**kw)
    for n, h in enumerate(headers):
        table.add_column(
            h,
            no_wrap=n == 0,
            min_width=max((len(r[0]) for r in cells), default=0) if n == 0 else None,
        )
    for row in cells:
        table.add_row(*(v if isinstance(v, Text) else Text(v) for v in row))
    out().print(table)


def _say(message: str) -> None:
    """A report line on stderr, printed literally."""
    err.print(Text(message))


def _print_failures(failures: list[Any]) -> None:
    """One line per failure on stderr: which input, and why."""
    for f in failures:
        err.print(Text.assemble(("skipped", "yellow"), " ", str(f.message)))


def _ingest_summary(rep: workflow.IngestReport) -> str:
    """'12 ingested, 3 skipped, 1 near duplicate, 2 failed' line."""
    parts = [f"{len(rep.ingested)} ingested", f"{rep.skipped} already stored"]
    if rep.near_duplicates:
        parts.append(f"{len(rep.near_duplicates)} near duplicates linked")
    if rep.non_english:
        parts.append(f"{len(rep.non_english)} not in English (stored, flagged)")
    parts.append(f"{rep.failed} failed" + (" (see `newsfuse failures`)" if rep.failed else ""))
    return ", ".join(parts)


def _ingest_dict(rep: workflow.IngestReport) -> dict[str, Any]:
    """An ingest report as JSON data."""
    return {
        "ingested": rep.ingested,
        "skipped": rep.skipped,
        "near_duplicates": [{"id": a, "duplicate_of": b} for a, b in rep.near_duplicates],
        "non_english": rep.non_english,
        "failed": to_dict(rep.failures),
    }


def _version_text(verbose: bool) -> str:
    """'newsfuse X.Y.Z', and with ``verbose`` the Python version and data attributions."""
    import platform

    from . import __version__, attribution

    lines = [f"newsfuse {__version__}"]
    if verbose:
        lines += [f"Python {platform.python_version()}", "", attribution.text()]
    return "\n".join(lines) + "\n"


@app.callback(invoke_without_command=True)
def main_options(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", help="With --version: data sources and licences.")
    ] = False,
    create: Annotated[
        bool, typer.Option("--create", help="Let any command create a missing --db store.")
    ] = False,
) -> None:
    """Turn many news reports about one situation into one sourced picture of it."""
    _state["create"] = create
    if version:
        sys.stdout.write(_version_text(verbose))
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        sys.stdout.write(ctx.get_help() + "\n")


@command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, globs or URLs.")],
    db: DbOpt = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet of a single input.")] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) of a single input.")
    ] = None,
    title: Annotated[str | None, typer.Option(help="Title of a single input.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Read articles from files, folders, globs, URLs, feeds, JSON(L) and WARC."""
    meta = workflow.input_metadata(inputs, outlet=outlet, published=published, title=title)
    with _store(db, create=True) as store, _progress("Ingesting") as progress:
        rep = workflow.ingest_inputs(store, inputs, progress=progress, metadata=meta)
    _report_ingest(rep, as_json)
    if rep.failures and not rep.ingested and not rep.skipped:
        raise typer.Exit(EXIT_NOTHING_INGESTED)


def _report_ingest(rep: workflow.IngestReport, as_json: bool) -> None:
    """Failures and the summary line on stderr, or the report as JSON on stdout."""
    if as_json:
        _print_json(_ingest_dict(rep))
        return
    _print_failures(rep.failures)
    _say(_ingest_summary(rep))


@command()
def articles(
    db: DbOpt = None, limit: LimitOpt = 50, offset: OffsetOpt = 0, as_json: JsonOpt = False
) -> None:
    """List stored articles, newest first."""
    with _store(db) as store:
        rows = store.list_articles(limit=limit, offset=offset)
    if as_json:
        return _print_json([{k: v for k, v in to_dict(a).items() if k != "text"} for a in rows])
    _print_rows(
        ("id", "published", "outlet", "title", "flags"),
        [(a.id, a.published, a.outlet, a.title, ",".join(a.flags)) for a in rows],
    )


@command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix).")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show one article: metadata, text and what was extracted from it."""
    with _store(db) as store:
        article = store.get_article(article_id)
        ann = store.get_annotations(article.id)
    if as_json:
        return _print_json(to_dict(ann) if ann else {"article": to_dict(article)})
    _describe(article, ann)


def _describe(article: Any, ann: Any) -> None:
    """Print an article's metadata, its text, and a table per kind of annotation."""
    console = out()
    meta = Table(show_header=False, box=None)
    for key in ("id", "title", "outlet", "url", "published", "dateline", "language", "source"):
        meta.add_row(Text(key, style="bold"), Text(str(getattr(article, key) or "")))
    meta.add_row(Text("byline", style="bold"), Text(", ".join(article.byline)))
    meta.add_row(Text("flags", style="bold"), Text(", ".join(article.flags)))
    console.print(meta)
    console.print(Text(article.text))
    if ann is None:
        console.print("[dim]not annotated yet: run `newsfuse annotate`[/dim]")
        return
    rows: dict[str, list[tuple[str, ...]]] = {
        "people and groups": [(e.kind, e.name, e.title or "", e.role or "") for e in ann.entities],
        "places": [(p.name, p.country or "", f"{p.lat},{p.lon}") for p in ann.places],
        "quotes": [(q.speaker or "?", q.content[:90]) for q in ann.quotes],
        "figures": [(f"{f.qualifier} {f.value:g}", f.unit, f.text) for f in ann.figures],
        "dates": [(d.text, d.value) for d in ann.dates],
    }
    for title, data in rows.items():
        table = Table(title=title, show_header=False)
        for row in data:
            table.add_row(*(v if isinstance(v, Text) else Text(v) for v in row))
        console.print(table)


@command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find in titles, texts and quotes.")],
    db: DbOpt = None,
    limit: LimitOpt = 20,
    as_json: JsonOpt = False,
) -> None:
    """Full-text search over stored articles and quotes (matched words in bold)."""
    from .store.search import split_marked

    with _store(db) as store:
        hits = store.search(query, limit=limit)
    if as_json:
        return _print_json(to_dict(hits))
    _print_rows(
        ("id", "outlet", "date", "title", "match"),
        [
            (
                h.article_id,
                h.outlet,
                h.published,
                h.title or h.lead,
                Text.assemble(*((t, "bold") if hit else t for t, hit in split_marked(h.snippet))),
            )
            for h in hits
        ],
    )


@command()
def info(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Where the store is and what it holds (never creates one)."""
    with _store(db) as store:
        data = store.info()
    if as_json:
        return _print_json(data)
    for key, value in data.items():
        sys.stdout.write(f"{key}: {value}\n")


@command()
def annotate(
    db: DbOpt = None,
    scheduler: Annotated[
        str | None,
        typer.Option(help="processes (default), sync, threads, or distributed (Dask)."),
    ] = None,
    address: Annotated[str | None, typer.Option(help="dask.distributed scheduler address.")] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Local worker processes (default: one per core).")
    ] = None,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Articles per batch (the work a kill can lose).")
    ] = workflow.ANNOTATE_BATCH,
    as_json: JsonOpt = False,
) -> None:
    """Extract people, groups, places, quotes, figures, dates and events."""
    with _store(db) as store, _progress("Annotating") as progress:
        rep = workflow.annotate_pending(
            store,
            scheduler=scheduler,
            address=address,
            workers=workers,
            batch_size=batch_size,
            progress=progress,
        )
    if as_json:
        return _print_json({"annotated": rep.annotated, "failed": to_dict(rep.failures)})
    _print_failures(rep.failures)
    _say(f"{rep.annotated} annotated, {len(rep.failures)} failed")


@command()
def failures(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """List inputs and articles that could not be ingested or annotated."""
    with _store(db) as store:
        rows = store.failures()
    if as_json:
        return _print_json(to_dict(rows))
    _print_rows(
        ("input or article", "stage", "error", "message"),
        [(f.article_id, f.stage, f.error_type, f.message) for f in rows],
    )


@stories_app.callback(invoke_without_command=True)
@_handles_errors
def stories(
    ctx: typer.Context,
    db: DbOpt = None,
    threshold: Annotated[
        float | None, typer.Option(help="Similarity needed to join a story (0-1).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Group new articles into stories and list the stories."""
    if ctx.invoked_subcommand:
        return
    with _store(db) as store, _progress("Grouping") as progress:
        workflow.annotate_pending(store, progress=progress)
        workflow.group_stories(store, threshold=threshold, progress=progress)
        rows = [workflow.story_row(s) for s in store.list_stories()]
    if as_json:
        return _print_json(rows)
    _print_rows(
        ("story", "articles", "from", "to", "title"),
        [(r["id"], r["articles"], r["first"], r["last"], r["title"]) for r in rows],
    )


@command(stories_app, name="merge")
def stories_merge(
    first: Annotated[str, typer.Argument(help="Story to keep.")],
    second: Annotated[str, typer.Argument(help="Story merged into the first.")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Merge the second story into the first."""
    with _store(db) as store:
        story = workflow.merge_stories(store, first, second)
    if as_json:
        return _print_json(workflow.story_row(story) | {"article_ids": list(story.article_ids)})
    sys.stdout.write(f"{story.id}: {len(story.article_ids)} articles\n")


@command(stories_app, name="split")
def stories_split(
    story_id: Annotated[str, typer.Argument(help="Story to split.")],
    article_ids: Annotated[list[str], typer.Argument(help="Articles to move to a new story.")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Move articles out of a story into a new one."""
    with _store(db) as store:
        kept, new = workflow.split_story(store, story_id, article_ids)
    if as_json:
        rows = [workflow.story_row(s) | {"article_ids": list(s.article_ids)} for s in (kept, new)]
        return _print_json({"kept": rows[0], "new": rows[1]})
    sys.stdout.write(
        f"{kept.id}: {len(kept.article_ids)} articles; new {new.id}: "
        f"{len(new.article_ids)} articles\n"
    )


@command(claims_app, name="list")
def claims_list(
    story_id: Annotated[str, typer.Argument(help="Story id (or unique prefix).")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List a story's claims: label, status, values by outlet, review."""
    with _store(db) as store:
        rows = workflow.story_claims(store, story_id)
    if as_json:
        return _print_json(rows)
    table = Table("claim", "label", "status", "sources", "values", "review")
    for c in rows:
        vals = "; ".join(
            f"[{n}] {v['value']:g} {v['outlet'] or v['article_id']}"
            for n, v in enumerate(c["values"])
        )
        status = "changed over time" if c["changed_over_time"] else c["status"]
        table.add_row(c["id"], c["label"], status, str(c["sources"]), vals, c["review"] or "")
    out().print(table)


@command(claims_app, name="review")
def claims_review(
    story_id: Annotated[str, typer.Argument(help="Story id (or unique prefix).")],
    claim_id: Annotated[str, typer.Argument(help="Claim id (or unique prefix).")],
    confirm: Annotated[bool, typer.Option("--confirm", help="The conflict is real.")] = False,
    dismiss: Annotated[bool, typer.Option("--dismiss", help="No real conflict.")] = False,
    move: Annotated[int | None, typer.Option("--move", help="Index of a value to move.")] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="Claim id to move it to, or 'new'.")
    ] = None,
    undo: Annotated[bool, typer.Option("--undo", help="Undo the latest review.")] = False,
    db: DbOpt = None,
) -> None:
    """Confirm or dismiss a claim's conflict, move a value, or undo the latest review."""
    chosen = [
        n
        for n, on in (
            ("confirm", confirm),
            ("dismiss", dismiss),
            ("move", move is not None),
            ("undo", undo),
        )
        if on
    ]
    if len(chosen) != 1:
        raise typer.BadParameter(
            "Give exactly one of --confirm, --dismiss, --move N --to CLAIM, --undo."
        )
    with _store(db) as store:
        if undo:
            story = workflow.undo_claim_review(store, story_id, claim_id)
        else:
            story = workflow.review_claim(
                store, story_id, claim_id, chosen[0], value_index=move, target=to
            )
    out().print(f"{story.id}: {len(story.claims)} claims, reviews applied", highlight=False)


@command()
def brief(
    story_id: Annotated[str, typer.Argument(help="Story id (or a unique prefix).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, html or json.")] = "md",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here.")] = None,
    db: DbOpt = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="With -o: print what was written as JSON.")
    ] = False,
) -> None:
    """Write the brief of a story: summary, figures, who's who, quotes, timeline, map."""
    if as_json and output is None:
        raise typer.BadParameter("--json reports the written file: give -o/--output too.")
    with _store(db) as store:
        text = workflow.make_brief(store, story_id, fmt)
        story = store.get_story(story_id)
    if output is None:
        sys.stdout.write(text)
        return
    output.write_text(text, encoding="utf-8")
    if as_json:
        meta = {"format": fmt, "output": str(output), "bytes": output.stat().st_size}
        return _print_json(workflow.story_row(story) | meta)
    _say(f"Brief written to {output}")


@command()
def run(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, globs or URLs.")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the briefs.")] = Path(
        "newsfuse-out"
    ),
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The main job: ingest, annotate, group into stories and write every brief."""
    with _store(db, create=True) as store, _progress("Running") as progress:
        rep = workflow.run_job(store, inputs, out_dir, progress=progress)
    if as_json:
        stories_ = [workflow.story_row(s) for s in rep.stories]
        data = {"ingest": _ingest_dict(rep.ingest), "annotated": rep.annotate.annotated}
        _print_json(data | {"stories": stories_, "outputs": [str(p) for p in rep.outputs]})
    else:
        _print_failures(rep.ingest.failures + rep.annotate.failures)
        _say(_ingest_summary(rep.ingest))
        for s in rep.stories:
            sys.stdout.write(f"{s.id} {s.title} ({len(s.article_ids)} articles)\n")
        sys.stdout.write(f"Briefs for {len(rep.stories)} stories written to {out_dir.resolve()}/\n")
    if rep.ingest.failures and not rep.ingest.ingested and not rep.ingest.skipped:
        raise typer.Exit(EXIT_NOTHING_INGESTED)


@command()
def export(
    tables: Annotated[
        list[str] | None,
        typer.Argument(help="Tables to export (default: all; places for GeoJSON)."),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="csv, jsonl, parquet or geojson.")
    ] = "csv",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File (one table) or folder.")
    ] = None,
    story: Annotated[str | None, typer.Option(help="Only this story (id or prefix).")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (YYYY-MM-DD).")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only articles of this outlet.")] = None,
    entity: Annotated[str | None, typer.Option(help="Only articles naming this entity.")] = None,
    place: Annotated[str | None, typer.Option(help="Only articles naming this place.")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Export tables (quotes, figures, claims, places, ...) as CSV, JSONL, Parquet or GeoJSON."""
    from .export import export as run_export

    sel = workflow.selection(story, since, until, outlet, entity, place)
    with _store(db) as store:
        done = run_export(store, tables or [], fmt, output, sel)
    if as_json:
        return _print_json(done)
    for d in done:
        _say(f"{d['rows']} rows of {d['table']} written to {d['path']}")


@command(name="eval")
def eval_cli(
    gold_dir: Annotated[
        Path,
        typer.Argument(help="A gold set (SCHEMA.md) or a folder of them, e.g. ../shared/eval."),
    ],
    predictions: Annotated[
        Path | None, typer.Option(help="Write <doc>.pred.json files here.")
    ] = None,
    baseline: Annotated[bool, typer.Option(help="Also score textacy's quotes.")] = True,
    as_json: JsonOpt = False,
) -> None:
    """Score extraction against gold annotations: P/R/F1 per field, quote speakers."""
    from .eval import evaluate_tree, report_table, sets_table

    reports = evaluate_tree(gold_dir, predictions_dir=predictions, baseline=baseline)
    for note in dict.fromkeys(n for r in reports.values() for n in r.notes):
        err.print(note, highlight=False)
    (only,) = reports.values() if len(reports) == 1 else (None,)
    if as_json:
        return _print_json(only.to_dict() if only else {k: r.to_dict() for k, r in reports.items()})
    out().print(report_table(only) if only else sets_table(reports))
    for name, report in reports.items():
        if report.claims:
            from .eval.claims import claims_table

            out().print(f"[bold]claims: {escape(name)}[/bold]")
            out().print(claims_table(report.claims))
    if predictions:
        _say(f"Predictions written to {predictions}")


@command(name="eval-summary")
def eval_summary_cli(
    path: Annotated[Path, typer.Argument(help='JSONL: {"documents": [...], "summary": ...}')],
    words: WordsOpt = 250,
    limit: Annotated[int | None, typer.Option(min=1, help="Only the first N clusters.")] = None,
    baselines: Annotated[bool, typer.Option(help="Also run LexRank, TextRank, lead.")] = True,
    as_json: JsonOpt = False,
) -> None:
    """ROUGE-1/2/L of the summary against references, beside LexRank and TextRank."""
    from .eval.summary import evaluate_summaries, report_table

    with _progress("Summarizing") as progress:
        report = evaluate_summaries(
            path, words=words, limit=limit, baselines=baselines, progress=progress
        )
    if as_json:
        return _print_json(report.to_dict())
    out().print(report_table(report))


@command(name="eval-stories")
def eval_stories_cli(
    path: Annotated[Path, typer.Argument(help='JSONL articles, each with a gold "story".')],
    keep_db: Annotated[
        Path | None,
        typer.Option(help="Keep the evaluation store (SQLite file) to reuse its annotations."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """B-cubed and pairwise P/R/F1 of story grouping, beside a TF-IDF single-pass baseline."""
    from .eval.stories import evaluate_stories, report_table

    with _progress("Grouping") as progress:
        report = evaluate_stories(path, db=keep_db, progress=progress)
    if as_json:
        return _print_json(report.to_dict())
    out().print(report_table(report))


@command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind; other than 127.0.0.1 needs auth.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    db: DbOpt = None,
) -> None:
    """Start the web app over the store (http://127.0.0.1:8000 by default)."""
    import uvicorn

    from .web import security
    from .web.app import create_app

    auth = security.auth_from_env()
    security.check_bind(host, auth)
    with _store(db):  # a missing store is an error here too (unless --create)
        pass
    app_ = create_app(config.db_url(db), auth=auth, hosts=(host,))
    _say(f"newsfuse on http://{host}:{port}  (store {config.db_url(db)})")
    uvicorn.run(app_, host=host, port=port, log_level="warning")


@command(name="hash-password")
def hash_password() -> None:
    """Print an argon2 hash for NEWSFUSE_WEB_PASSWORD_HASH or NEWSFUSE_WEB_TOKEN_HASH.

    The password is read from standard input or a prompt, never from the command line.
    """
    from .web.security import hash_secret, read_secret

    sys.stdout.write(hash_secret(read_secret()) + "\n")  # plain: never wrapped by rich


def main() -> None:
    """Console entry point."""
    app()


if __name__ == "__main__":
    main()
