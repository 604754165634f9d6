"""The ``newsfuse`` command line: thin shells over :mod:`newsfuse.workflow` and friends.

Exit codes: 0 success; 1 an error (printed as ``Error: ...`` on stderr); 2 a usage error;
3 ``ingest``/``run`` could not ingest any of the inputs.
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
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

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

out = Console()
err = Console(stderr=True)

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
            err.print(f"[red]Error:[/red] {exc}", markup=True, highlight=False)
            raise typer.Exit(EXIT_ERROR) from None

    return wrapper  # type: ignore[return-value]


def command(typer_app: typer.Typer = app, **kw: Any) -> Callable[[F], F]:
    """Register a command whose NewsfuseErrors become a clean message and exit 1."""

    def register(func: F) -> F:
        return typer_app.command(**kw)(_handles_errors(func))  # type: ignore[no-any-return]

    return register


@contextmanager
def _store(db: str | None) -> Iterator[Any]:
    """Open the configured store for the length of one command."""
    from .store import open_store

    store = open_store(config.db_url(db))
    try:
        yield store
    finally:
        store.close()


@contextmanager
def _progress(label: str) -> Iterator[workflow.Progress]:
    """A rich progress display fed by workflow progress events."""
    counts: dict[str, int] = {}
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(bar_width=None),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None, counts="")

        def update(event: str, count: int) -> None:
            counts[event] = count
            bar.update(task, counts=" · ".join(f"{v} {k}" for k, v in counts.items()))

        yield update


def _print_json(data: Any) -> None:
    """Write JSON to stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _print_failures(failures: list[Any]) -> None:
    """One line per failure on stderr: which input, and why."""
    for f in failures:
        err.print(f"[yellow]skipped[/yellow] {f.message}", markup=True, highlight=False)


def _ingest_summary(rep: workflow.IngestReport) -> str:
    """'12 ingested, 3 skipped, 1 near duplicate, 2 failed' line."""
    parts = [f"{len(rep.ingested)} ingested", f"{rep.skipped} already stored"]
    if rep.near_duplicates:
        parts.append(f"{len(rep.near_duplicates)} near duplicates linked")
    if rep.non_english:
        parts.append(f"{len(rep.non_english)} not in English (stored, flagged)")
    parts.append(f"{rep.failed} failed" + (" (see `newsfuse failures`)" if rep.failed else ""))
    return ", ".join(parts)


@command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, globs or URLs.")],
    db: DbOpt = None,
) -> None:
    """Read articles from files, folders, globs, URLs, feeds, JSON(L) and WARC."""
    with _store(db) as store, _progress("Ingesting") as progress:
        rep = workflow.ingest_inputs(store, inputs, progress=progress)
    _print_failures(rep.failures)
    err.print(_ingest_summary(rep), highlight=False)
    if rep.failures and not rep.ingested and not rep.skipped:
        raise typer.Exit(EXIT_NOTHING_INGESTED)


@command()
def articles(
    db: DbOpt = None, limit: LimitOpt = 50, offset: OffsetOpt = 0, as_json: JsonOpt = False
) -> None:
    """List stored articles, newest first."""
    with _store(db) as store:
        rows = store.list_articles(limit=limit, offset=offset)
    if as_json:
        return _print_json([{k: v for k, v in to_dict(a).items() if k != "text"} for a in rows])
    table = Table("id", "published", "outlet", "title", "flags")
    for a in rows:
        table.add_row(
            a.id, str(a.published or ""), a.outlet or "", a.title or "", ",".join(a.flags)
        )
    out.print(table)


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
    meta = Table(show_header=False, box=None)
    for key in ("id", "title", "outlet", "url", "published", "dateline", "language", "source"):
        meta.add_row(f"[bold]{key}[/bold]", str(getattr(article, key) or ""))
    meta.add_row("[bold]byline[/bold]", ", ".join(article.byline))
    meta.add_row("[bold]flags[/bold]", ", ".join(article.flags))
    out.print(meta)
    out.print(article.text, highlight=False)
    if ann is None:
        out.print("[dim]not annotated yet: run `newsfuse annotate`[/dim]")
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
            table.add_row(*row)
        out.print(table)


@command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find in titles, texts and quotes.")],
    db: DbOpt = None,
    limit: LimitOpt = 20,
    as_json: JsonOpt = False,
) -> None:
    """Full-text search over stored articles and quotes."""
    with _store(db) as store:
        hits = store.search(query, limit=limit)
    if as_json:
        return _print_json(to_dict(hits))
    table = Table("id", "outlet", "title", "match")
    for h in hits:
        table.add_row(h.article_id, h.outlet or "", h.title or "", h.snippet)
    out.print(table)


@command()
def info(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Where the store is and what it holds."""
    with _store(db) as store:
        data = store.info()
    if as_json:
        return _print_json(data)
    for key, value in data.items():
        out.print(f"[bold]{key}[/bold]: {value}", highlight=False)


@command()
def annotate(
    db: DbOpt = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Run on Dask: sync, threads or distributed.")
    ] = None,
    address: Annotated[str | None, typer.Option(help="dask.distributed scheduler address.")] = None,
) -> None:
    """Extract people, groups, places, quotes, figures, dates and events."""
    with _store(db) as store, _progress("Annotating") as progress:
        rep = workflow.annotate_pending(
            store, scheduler=scheduler, address=address, progress=progress
        )
    _print_failures(rep.failures)
    err.print(f"{rep.annotated} annotated, {len(rep.failures)} failed", highlight=False)


@command()
def failures(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """List inputs and articles that could not be ingested or annotated."""
    with _store(db) as store:
        rows = store.failures()
    if as_json:
        return _print_json(to_dict(rows))
    table = Table("input or article", "stage", "error", "message")
    for f in rows:
        table.add_row(f.article_id, f.stage, f.error_type, f.message)
    out.print(table)


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
        rows = store.list_stories()
    if as_json:
        return _print_json([workflow.story_row(s) for s in rows])
    table = Table("story", "articles", "from", "to", "title")
    for s in rows:
        r = workflow.story_row(s)
        table.add_row(r["id"], str(r["articles"]), r["first"], r["last"], r["title"])
    out.print(table)


@command(stories_app, name="merge")
def stories_merge(
    first: Annotated[str, typer.Argument(help="Story to keep.")],
    second: Annotated[str, typer.Argument(help="Story merged into the first.")],
    db: DbOpt = None,
) -> None:
    """Merge the second story into the first."""
    with _store(db) as store:
        story = workflow.merge_stories(store, first, second)
    out.print(f"{story.id}: {len(story.article_ids)} articles", highlight=False)


@command(stories_app, name="split")
def stories_split(
    story_id: Annotated[str, typer.Argument(help="Story to split.")],
    article_ids: Annotated[list[str], typer.Argument(help="Articles to move to a new story.")],
    db: DbOpt = None,
) -> None:
    """Move articles out of a story into a new one."""
    with _store(db) as store:
        kept, new = workflow.split_story(store, story_id, article_ids)
    out.print(
        f"{kept.id}: {len(kept.article_ids)} articles; new {new.id}: "
        f"{len(new.article_ids)} articles",
        highlight=False,
    )


@command()
def brief(
    story_id: Annotated[str, typer.Argument(help="Story id (or a unique prefix).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, html or json.")] = "md",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here.")] = None,
    db: DbOpt = None,
) -> None:
    """Write the brief of a story: summary, figures, who's who, quotes, timeline, map."""
    with _store(db) as store:
        text = workflow.make_brief(store, story_id, fmt)
    if output is None:
        sys.stdout.write(text)
        return
    output.write_text(text, encoding="utf-8")
    err.print(f"Brief written to {output}", highlight=False)


@command()
def run(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, globs or URLs.")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the briefs.")] = Path(
        "newsfuse-out"
    ),
    db: DbOpt = None,
) -> None:
    """The main job: ingest, annotate, group into stories and write every brief."""
    with _store(db) as store, _progress("Running") as progress:
        rep = workflow.run_job(store, inputs, out_dir, progress=progress)
    _print_failures(rep.ingest.failures + rep.annotate.failures)
    err.print(_ingest_summary(rep.ingest), highlight=False)
    for story in rep.stories:
        out.print(f"[bold]{story.id}[/bold] {story.title} ({len(story.article_ids)} articles)")
    out.print(f"Briefs for {len(rep.stories)} stories written to {out_dir.resolve()}/")
    if rep.ingest.failures and not rep.ingest.ingested and not rep.ingest.skipped:
        raise typer.Exit(EXIT_NOTHING_INGESTED)


@command(name="eval")
def eval_cli(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold clusters (SCHEMA.md).")],
    predictions: Annotated[
        Path | None, typer.Option(help="Write <doc>.pred.json files here.")
    ] = None,
    baseline: Annotated[bool, typer.Option(help="Also score textacy's quotes.")] = True,
    as_json: JsonOpt = False,
) -> None:
    """Score extraction against gold annotations: P/R/F1 per field, quote speakers."""
    from .eval import evaluate, report_table

    report = evaluate(gold_dir, predictions_dir=predictions, baseline=baseline)
    if as_json:
        return _print_json(report.to_dict())
    out.print(report_table(report))
    if predictions:
        err.print(f"Predictions written to {predictions}", highlight=False)


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
    out.print(report_table(report))


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
    app_ = create_app(config.db_url(db), auth=auth, hosts=(host,))
    err.print(f"newsfuse on http://{host}:{port}  (store {config.db_url(db)})", highlight=False)
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
