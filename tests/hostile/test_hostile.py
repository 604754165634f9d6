"""Hostile inputs, one table row each: one failure line, the batch goes on (issue 11).

Every row is ingested by the real ``newsfuse ingest`` command between two good files.
The row asserts the failure line naming the input, the exit code (0: the good files were
ingested; 3 when the hostile input is alone and yields nothing), that the good files
are stored, and that the failure is stored for ``newsfuse failures``. Memory rows run
together in one subprocess of the real command under the 500 MB ceiling.
"""

from __future__ import annotations

import json
import os
import re
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bombs import run_measured, warc_bomb
from newsfuse.cli import EXIT_NOTHING_INGESTED, app
from newsfuse.ingest import formats
from newsfuse.store import open_store

pytestmark = pytest.mark.issue(11)

GOOD_BEFORE = (
    "PORT ELLERY — The fictional harbour council voted on Monday to reopen the north "
    "bridge after eight months of repairs, the council's engineer said."
)
GOOD_AFTER = (
    "Volunteers in the fictional town of Marrow Creek planted 4,000 trees along the river "
    "on Saturday, a week after floods washed away the old embankment."
)
ARTICLE = (
    "The fictional ferry company of Lake Anvers resumed its morning crossings on Tuesday "
    "after a strike of nine days, its director told reporters at the pier."
)
MEMORY_CEILING_MB = 500


def _write(path: Path, data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode()
    path.write_bytes(data)
    return str(path)


def _json(name: str, obj: object) -> Callable[[Path], str]:
    return lambda d: _write(d / name, json.dumps(obj))


def _warc_record(body: str, url: str, length: int | None = None) -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{body}".encode()
    return (
        (
            "WARC/1.0\r\nWARC-Type: response\r\n"
            f"WARC-Target-URI: {url}\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http) if length is None else length}\r\n\r\n"
        ).encode()
        + http
        + b"\r\n\r\n"
    )


PAGE = "<html><body><article>" + "".join(f"<p>{ARTICLE} Paragraph {i}.</p>" for i in range(3))
PAGE += "</article></body></html>"


def _warc_lying_length(d: Path) -> str:
    """A record claiming 10^12 bytes, then a good record that must not be swallowed."""
    lie = _warc_record("<html><body>short</body></html>", "https://example.org/lie", 10**12)
    return _write(d / "lying.warc", lie + _warc_record(PAGE, "https://example.org/good"))


def _warc_bad_header(d: Path) -> str:
    bad = b"NOT-A-WARC/9.9\r\nContent-Length: 12\r\n\r\nhello world!\r\n\r\n"
    return _write(d / "bad-header.warc", bad + _warc_record(PAGE, "https://example.org/good"))


def _warc_bad_length(d: Path) -> str:
    bad = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: lots\r\n\r\nxx\r\n\r\n"
    return _write(d / "bad-length.warc", bad + _warc_record(PAGE, "https://example.org/good"))


def _fifo(d: Path) -> str:
    os.mkfifo(d / "pipe.txt")
    return str(d / "pipe.txt")


def _non_utf8_name(d: Path) -> str:
    name = os.path.join(os.fsencode(d), b"r\xe9sum\xe9\n.txt")
    with open(name, "wb") as fh:
        fh.write(ARTICLE.encode())
    return os.fsdecode(name)


@dataclass(frozen=True)
class Case:
    """One hostile input and what ingesting it must do."""

    name: str
    make: Callable[[Path], str]  # writes the input under a folder; the CLI argument
    message: str | None  # in the failure line (None: no failure, e.g. data kept)
    stored: int = 0  # articles the hostile input itself yields


CASES = [
    # JSON fields of the wrong type: one failure naming the field
    Case(
        "title-object",
        _json("a.json", {"text": ARTICLE, "title": {"x": 1}}),
        "field 'title' must be text, not an object",
    ),
    Case(
        "title-number",
        _json("a.json", {"text": ARTICLE, "title": 5}),
        "field 'title' must be text, not a number",
    ),
    Case(
        "outlet-number",
        _json("a.json", {"text": ARTICLE, "outlet": 7}),
        "field 'outlet' must be text",
    ),
    Case("url-list", _json("a.json", {"text": ARTICLE, "url": ["a"]}), "field 'url' must be text"),
    Case(
        "language-number",
        _json("a.json", {"text": ARTICLE, "language": 5}),
        "field 'language' must be text",
    ),
    Case(
        "author-number",
        _json("a.json", {"text": ARTICLE, "author": 7}),
        "field 'author' must be text, a list of names",
    ),
    Case(
        "authors-name-number",
        _json("a.json", {"text": ARTICLE, "authors": [{"name": 5}]}),
        "field 'authors' must be text, a list of names",
    ),
    Case(
        "text-number",
        _json("a.json", {"text": 5, "title": "x"}),
        "field 'text' must be text, not a number",
    ),
    Case(
        "two-bad-fields-one-line",
        _json("a.json", {"text": ARTICLE, "title": [], "outlet": True}),
        "field 'title' must be text, not a list; field 'outlet' must be text, not true/false",
    ),
    Case(
        "date-number-out-of-range",
        _json("a.json", {"text": ARTICLE, "date": -5}),
        "field 'date' is a number but not a plausible Unix time",
    ),
    Case(
        "date-object",
        _json("a.json", {"text": ARTICLE, "published": {"y": 2024}}),
        "field 'published' must be text, not an object",
    ),
    Case("not-an-object", _json("a.json", [5]), "JSON value is a number, not an object"),
    Case(
        "jsonl-wrong-type-line",
        lambda d: _write(d / "a.jsonl", '{"text": 5}\n' + json.dumps({"text": ARTICLE})),
        "a.jsonl#line1: field 'text' must be text",
        stored=1,
    ),
    # nesting: refused before parsing, no RecursionError
    Case("json-deep", lambda d: _write(d / "deep.json", "[" * 200_000), "nested more than 32"),
    Case(
        "jsonl-deep-line",
        lambda d: _write(d / "deep.jsonl", "[" * 200_000 + "\n" + json.dumps({"text": ARTICLE})),
        "deep.jsonl#line1: JSON nested more than 32",
        stored=1,
    ),
    Case("json-malformed", lambda d: _write(d / "bad.json", '{"text": '), "malformed JSON"),
    # data that used to be lost silently
    Case(
        "jsonl-unicode-line-breaks-kept",
        lambda d: _write(
            d / "seps.jsonl",
            json.dumps({"text": ARTICLE + " \u2028 end"}, ensure_ascii=False)
            + "\n"
            + json.dumps({"text": GOOD_AFTER + " \x85 tail", "title": "B"}, ensure_ascii=False),
        ),
        None,
        stored=2,
    ),
    Case(
        "lone-surrogate-title-stored",
        lambda d: _write(d / "s.json", '{"text": "' + ARTICLE + '", "title": "bad \\ud800 title"}'),
        None,
        stored=1,
    ),
    Case("non-utf8-file-name", _non_utf8_name, None, stored=1),
    Case(
        "nul-characters-dropped",
        lambda d: _write(
            d / "n.json", json.dumps({"text": ARTICLE + "\u0000", "title": "a\u0000b"})
        ),
        None,
        stored=1,
    ),
    Case(
        "warc-lying-length",
        _warc_lying_length,
        "lying.warc#record1: a record declares 1000000000000 bytes",
        stored=1,
    ),
    Case(
        "warc-malformed-header",
        _warc_bad_header,
        "bad-header.warc#record1: malformed WARC header",
        stored=1,
    ),
    Case(
        "warc-bad-content-length",
        _warc_bad_length,
        "bad-length.warc#record1: malformed WARC header: no valid Content-Length",
        stored=1,
    ),
    Case(
        "warc-gz-cut-off",
        lambda d: _write(d / "cut.warc.gz", zlib.compress(b"WARC/1.0\r\n" * 50, wbits=31)[:-8]),
        "cut.warc.gz#record1: broken WARC: the gzip member is cut off",
    ),
    Case(
        "multinews-only-separators",
        lambda d: _write(d / "mn.txt", "|||||\n" * 50),
        "only ||||| separators, no text",
    ),
    Case(
        "multinews-tiny-fragments",
        lambda d: _write(d / "mn.txt", "|||||" * 10_000 + " a few words " + "|||||" * 10_000),
        "1 fragment(s) between ||||| separators are too short",
    ),
    Case(
        "multinews-fragments-between-articles",
        lambda d: _write(d / "mn.txt", f"{ARTICLE}\n|||||\nshort bit\n|||||\n{GOOD_AFTER} More."),
        "1 fragment(s)",
        stored=2,
    ),
    # files that are not files
    Case("fifo", _fifo, "not a regular file: a named pipe (FIFO)"),
    Case("dev-zero", lambda d: "/dev/zero", "/dev/zero: not a regular file: a character device"),
    Case("dev-urandom", lambda d: "/dev/urandom", "not a regular file: a character device"),
    Case("missing", lambda d: str(d / "nope.txt"), "nope.txt: cannot read: No such file"),
    Case("empty", lambda d: _write(d / "e.txt", ""), "empty file"),
    Case("binary", lambda d: _write(d / "b.bin", b"\x00\x01" * 100), "binary file"),
    Case("too-short", lambda d: _write(d / "t.txt", "nine char"), "only 9 characters"),
    Case("malformed-url", lambda d: "http://[::1", "http://[::1: not a well-formed URL"),
]


@dataclass(frozen=True)
class Run:
    exit_code: int
    output: str  # whitespace removed: rich wraps long lines
    db: str


def _ingest(folder: Path, args: list[str]) -> Run:
    db = str(folder / "store.db")
    result = CliRunner().invoke(app, ["ingest", *args, "--db", db])
    assert "Traceback" not in result.output, result.output
    return Run(result.exit_code, re.sub(r"\s+", "", result.output), db)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _goods(folder: Path) -> list[str]:
    return [_write(folder / "good-1.txt", GOOD_BEFORE), _write(folder / "good-2.txt", GOOD_AFTER)]


def _stored(db: str) -> tuple[list[str], list[str]]:
    with open_store(f"sqlite:///{db}") as store:
        texts = [a.text for a in store.iter_articles()]
        failures = [f.message for f in store.failures()]
    return texts, failures


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_is_one_failure_and_the_batch_goes_on(case: Case, tmp_path: Path) -> None:
    good_1, good_2 = _goods(tmp_path)
    hostile = case.make(tmp_path)
    run = _ingest(tmp_path, [good_1, hostile, good_2])
    assert run.exit_code == 0
    texts, failures = _stored(run.db)
    assert GOOD_BEFORE in texts and GOOD_AFTER in texts
    assert len(texts) == 2 + case.stored
    if case.message is None:
        assert failures == [] and "0failed" in run.output
    else:
        assert _squash(case.message) in run.output
        assert len(failures) == 1 and case.message in failures[0]


@pytest.mark.parametrize(
    "case", [c for c in CASES if not c.stored], ids=[c.name for c in CASES if not c.stored]
)
def test_hostile_input_alone_exits_3(case: Case, tmp_path: Path) -> None:
    run = _ingest(tmp_path, [case.make(tmp_path)])
    assert run.exit_code == EXIT_NOTHING_INGESTED
    assert "0ingested" in run.output and "1failed" in run.output


def test_kept_unicode_line_breaks_are_inside_the_stored_text(tmp_path: Path) -> None:
    [case] = [c for c in CASES if c.name == "jsonl-unicode-line-breaks-kept"]
    texts, _ = _stored(_ingest(tmp_path, [case.make(tmp_path)]).db)
    assert any("\u2028" in t for t in texts) and any("\x85" in t for t in texts)


def test_non_utf8_file_name_is_stored_and_shown_escaped(tmp_path: Path) -> None:
    path = _non_utf8_name(tmp_path)
    run = _ingest(tmp_path, [path, str(tmp_path / "missing\udcff.txt")])
    assert "missing\\xff.txt:cannotread" in run.output
    with open_store(f"sqlite:///{run.db}") as store:
        [article] = store.iter_articles()
    assert article.source is not None and article.source.endswith("r\\xe9sum\\xe9\\x0a.txt")


def test_unreadable_file_is_one_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # tests run as root here, where chmod 000 does not stop reading: refuse it at open
    secret = _write(tmp_path / "secret.txt", ARTICLE)
    real_open = os.open

    def deny(path: str | bytes, flags: int, *args: int) -> int:
        if os.fsdecode(path) == secret:
            raise PermissionError(13, "Permission denied", secret)
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", deny)
    run = _ingest(tmp_path, [*_goods(tmp_path), secret])
    assert run.exit_code == 0 and "secret.txt:cannotread:Permissiondenied" in run.output


def test_an_unexpected_exception_in_a_reader_is_one_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(data: bytes, source: str, meta: object) -> object:
        raise TypeError("a bug in a reader")

    monkeypatch.setattr(formats, "read_json", broken)
    run = _ingest(tmp_path, [*_goods(tmp_path), _write(tmp_path / "x.json", "{}")])
    assert run.exit_code == 0
    assert "x.json:couldnotberead(TypeError:abuginareader)" in run.output
    texts, failures = _stored(run.db)
    assert len(texts) == 2 and len(failures) == 1


# -- memory: the real command, one subprocess, under the ceiling --------------------------


def _text(size: int) -> str:
    sentence = ARTICLE + " "
    return sentence * (size // len(sentence) + 1)


def _bomb(d: Path) -> str:
    return _write(d / "bomb.warc.gz", warc_bomb(512))


MEMORY_CASES = [
    Case("text-10mb", lambda d: _write(d / "t10.txt", _text(10 * 2**20)), "article cap"),
    Case("text-49mb", lambda d: _write(d / "t49.txt", _text(49 * 2**20)), "article cap"),
    Case(
        "json-49mb-text",
        lambda d: _write(d / "j49.json", json.dumps({"text": _text(49 * 2**20)})),
        "article cap",
    ),
    Case(
        "html-6mb",
        lambda d: _write(d / "big.html", "<html><body>" + "<p>x</p>" * (6 * 2**20 // 8)),
        "over the 5242880-byte cap",
    ),
    Case("over-size-cap", lambda d: _write(d / "big.txt", b"a" * (50 * 2**20 + 1)), "byte cap"),
    Case(
        "separators-50mb",
        lambda d: _write(d / "mn.txt", "|||||" * (10 * 2**20)),
        "only ||||| separators",
    ),
    Case("warc-gz-bomb", _bomb, "decompression bomb"),
    Case("dev-zero", lambda d: "/dev/zero", "a character device"),
]


def test_memory_cases_stay_under_the_ceiling_in_the_real_command(tmp_path: Path) -> None:
    goods = _goods(tmp_path)
    inputs = [c.make(tmp_path) for c in MEMORY_CASES]
    db = str(tmp_path / "store.db")
    cli = [sys.executable, "-c", "from newsfuse.cli import main; main()", "ingest"]
    code, peak_mb, _, errors = run_measured(
        [*cli, goods[0], *inputs, goods[1], "--db", db],
        env={**os.environ, "COLUMNS": "2000"},
        timeout=600,
    )
    assert "Traceback" not in errors
    for case in MEMORY_CASES:
        assert any(case.message in line for line in errors.splitlines()), case.name
    assert code == 0
    texts, failures = _stored(db)
    assert sorted(texts) == sorted([GOOD_BEFORE, GOOD_AFTER]) and len(failures) == len(inputs)
    assert peak_mb < MEMORY_CEILING_MB, f"peak {peak_mb} MB"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", "2024-03-05"),
        (1709596800, "2024-03-05"),  # Unix seconds
        (1709596800000, "2024-03-05"),  # milliseconds
    ],
)
def test_dates_may_be_text_or_unix_time(value: object, expected: str) -> None:
    [raw] = formats.read_json(json.dumps({"text": ARTICLE, "date": value}).encode(), "a.json", {})
    assert isinstance(raw, formats.Raw) and str(raw.meta["published"]) == expected
