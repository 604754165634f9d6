"""Every input format becomes clean Articles; every bad input one clear Failure."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from pathlib import Path

import httpx
import pytest

from newsfuse.ingest import Fetcher, article_from_text, read, read_bytes
from newsfuse.model import Article, Failure

BODY = (
    "Rescue teams reached the flooded villages of the lower valley on Tuesday, "
    "officials said, as the river began to fall after three days of heavy rain. "
    "At least 41 people were killed and more than 2,000 were forced from their homes, "
    "according to the regional disaster agency, which said it had opened 12 shelters."
)
BODY2 = (
    "The central bank raised its main interest rate by half a percentage point on Thursday, "
    "its third increase this year, saying inflation of 7.2 percent was eroding wages. "
    "Governor Elena Marsh told reporters the bank would act again if prices kept rising."
)

HTML = f"""<!doctype html><html><head><title>Floods kill 41 | Valley Herald</title>
<meta property="og:site_name" content="Valley Herald">
<meta name="author" content="Mara Quist">
<meta property="article:published_time" content="2023-04-11T08:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Floods kill 41 in the lower valley</h1><p>{BODY}</p>
<p>{BODY2}</p></article>
<aside>Read more: Dam inspections ordered</aside>
<footer>Share this article · Sign up for our newsletter · © Valley Herald</footer>
</body></html>"""

RSS = f"""<?xml version="1.0"?><rss version="2.0"
xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Harbor Post</title>
<item><title>Floods kill 41</title><link>https://example.org/a</link>
<pubDate>Tue, 11 Apr 2023 09:00:00 GMT</pubDate><author>Ivo Brandt</author>
<content:encoded><![CDATA[<p>{BODY}</p>]]></content:encoded></item>
<item><title>Teaser only</title><link>https://example.org/b</link>
<description>Short.</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Coast Wire</title>
<entry><title>Bank raises rates</title><link href="https://example.org/rates"/>
<updated>2023-04-13T10:00:00Z</updated><author><name>Rui Santos</name></author>
<content type="html">&lt;p&gt;{BODY2} {BODY2}&lt;/p&gt;</content></entry></feed>"""


def _articles(items: list[Article | Failure]) -> list[Article]:
    return [x for x in items if isinstance(x, Article)]


def _failures(items: list[Article | Failure]) -> list[Failure]:
    return [x for x in items if isinstance(x, Failure)]


def _mock(routes: dict[str, httpx.Response | Exception]) -> Fetcher:
    def handler(request: httpx.Request) -> httpx.Response:
        answer = routes.get(str(request.url), httpx.Response(404))
        if isinstance(answer, Exception):
            raise answer
        return answer

    return Fetcher(transport=httpx.MockTransport(handler))


def test_plain_text_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY)
    [a] = list(read([str(tmp_path / "a.txt")]))
    assert isinstance(a, Article)
    assert a.text == BODY and a.language == "en" and a.source.endswith("a.txt")


def test_html_page_keeps_article_text_and_metadata_drops_furniture(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(HTML)
    [a] = _articles(list(read([str(tmp_path / "page.html")])))
    assert "Rescue teams reached" in a.text and "Governor Elena Marsh" in a.text
    for junk in ("Read more", "Share this", "newsletter", "Home"):
        assert junk not in a.text
    assert a.outlet == "Valley Herald"
    assert a.byline == ("Mara Quist",)
    assert a.published == dt.date(2023, 4, 11)
    assert a.title and "Floods kill 41" in a.title


def test_rss_feed_takes_full_content_and_reports_teaser_entries(tmp_path: Path) -> None:
    (tmp_path / "feed.xml").write_text(RSS)
    items = list(read([str(tmp_path / "feed.xml")], fetcher=_mock({})))
    [a] = _articles(items)
    assert a.outlet == "Harbor Post" and a.url == "https://example.org/a"
    assert a.published == dt.date(2023, 4, 11) and a.byline == ("Ivo Brandt",)
    [f] = _failures(items)
    assert "entry2" in f.article_id and "HTTP 404" in f.message


def test_atom_feed(tmp_path: Path) -> None:
    (tmp_path / "atom.xml").write_text(ATOM)
    [a] = _articles(list(read([str(tmp_path / "atom.xml")])))
    assert a.outlet == "Coast Wire" and a.byline == ("Rui Santos",)
    assert a.published == dt.date(2023, 4, 13)


def test_feed_entry_without_content_fetches_its_link() -> None:
    rss = RSS.replace("<content:encoded><![CDATA[<p>" + BODY + "</p>]]></content:encoded>", "")
    fetcher = _mock({"https://example.org/a": httpx.Response(200, text=HTML)})
    items = list(read_bytes(rss.encode(), "feed.xml", fetch=fetcher.get))
    [a] = _articles(items)
    assert "Rescue teams" in a.text and a.title == "Floods kill 41"


def test_json_list_and_jsonl_with_documented_fields(tmp_path: Path) -> None:
    rows = [
        {
            "text": BODY,
            "title": "Floods",
            "outlet": "Herald",
            "published": "2023-04-11",
            "author": "A. Writer and B. Writer",
            "url": "https://example.org/x",
        },
        {"body": BODY2, "headline": "Rates", "source": "Wire", "date": "2023-04-13"},
    ]
    (tmp_path / "a.json").write_text(json.dumps(rows))
    (tmp_path / "b.jsonl").write_text(
        "\n".join([json.dumps(rows[0]), "{not json", json.dumps({"title": "no text"})])
    )
    items = list(read([str(tmp_path / "a.json"), str(tmp_path / "b.jsonl")]))
    arts, fails = _articles(items), _failures(items)
    assert [a.title for a in arts] == ["Floods", "Rates", "Floods"]
    assert arts[0].byline == ("A. Writer", "B. Writer")
    assert arts[1].outlet == "Wire" and arts[1].published == dt.date(2023, 4, 13)
    assert [f.article_id.rsplit("#", 1)[1] for f in fails] == ["line2", "line3"]
    assert "malformed JSON" in fails[0].message and "no text field" in fails[1].message


def _warc(path: Path, pages: list[tuple[str, str]], broken_tail: bool = False) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.0")
            rec = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode()), http_headers=headers
            )
            writer.write_record(rec)
        if broken_tail:
            fh.write(gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n"))


def test_warc_gz_is_streamed_record_by_record(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _warc(
        path,
        [
            ("https://example.org/1", HTML),
            ("https://example.org/2", HTML.replace(BODY, BODY2 + " " + BODY2)),
        ],
        broken_tail=True,
    )
    items = list(read([str(path)]))
    arts = _articles(items)
    assert [a.url for a in arts] == ["https://example.org/1", "https://example.org/2"]
    [f] = _failures(items)
    assert "broken WARC" in f.message


def test_multi_news_separator_splits_documents(tmp_path: Path) -> None:
    (tmp_path / "cluster.txt").write_text(f"{BODY}\n|||||\n{BODY2}")
    arts = _articles(list(read([str(tmp_path / "cluster.txt")])))
    assert [a.text for a in arts] == [BODY, BODY2]


def test_folder_recursive_and_glob(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "sub" / "b.txt").write_text(BODY2)
    (tmp_path / ".hidden.txt").write_text(BODY2 + " hidden")
    assert len(_articles(list(read([str(tmp_path)])))) == 2
    assert len(_articles(list(read([str(tmp_path / "**" / "*.txt")])))) == 2


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("blob.bin", b"\x00\x01\x02\x03" * 64, "binary"),
        ("image.png", b"\x89PNG\r\n\x1a\n" + b"x" * 50, "png files are not read"),
        ("broken.html", b"<html><body><div><p>Hi</div>", "no article text"),
        ("bytes.txt", b"abc \x81\x8d\x8f\x90\x9d" * 20, "cannot decode"),
        ("data.xml", b'<?xml version="1.0"?><inventory><item/></inventory>', "neither RSS"),
        ("bad.json", b'{"text": "unterminated', "malformed JSON"),
    ],
)
def test_bad_file_is_one_failure_naming_the_file_and_the_batch_goes_on(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(BODY)
    items = list(read([str(tmp_path / name), str(tmp_path / "good.txt")]))
    [f] = _failures(items)
    assert name in f.message and reason in f.message
    assert len(_articles(items)) == 1


def test_file_over_the_size_cap_is_refused_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk
    [f] = list(read([str(big)]))
    assert isinstance(f, Failure) and f.error_type == "InputTooLarge"
    assert "huge.txt" in f.message and "cap" in f.message


def test_cp1252_text_is_decoded(tmp_path: Path) -> None:
    (tmp_path / "legacy.txt").write_bytes(("Caf\u00e9 owners said " + BODY).encode("cp1252"))
    [a] = _articles(list(read([str(tmp_path / "legacy.txt")])))
    assert a.text.startswith("Café owners")


@pytest.mark.parametrize(
    "url, answer, error, reason",
    [
        ("https://example.org/gone", httpx.Response(404), "UnreadableInput", "HTTP 404"),
        ("https://example.org/slow", httpx.ReadTimeout("slow"), "UnreadableInput", "timed out"),
        ("file:///etc/passwd", None, "UnsupportedFormat", "only http and https"),
        ("javascript:alert(1)", None, "UnsupportedFormat", "only http and https"),
        (
            "https://example.org/big",
            httpx.Response(200, content=b"x" * 2000),
            "InputTooLarge",
            "cap",
        ),
    ],
)
def test_url_errors_are_failures(
    url: str, answer: httpx.Response | Exception | None, error: str, reason: str
) -> None:
    routes = {url: answer} if answer is not None else {}
    fetcher = Fetcher(transport=_mock(routes)._client._transport, max_bytes=1000)
    [f] = list(read([url], fetcher=fetcher))
    assert isinstance(f, Failure) and f.error_type == error and reason in f.message
    assert url in f.message


def test_url_html_page_is_ingested_with_its_url() -> None:
    fetcher = _mock(
        {
            "https://example.org/story": httpx.Response(
                200, text=HTML, headers={"content-type": "text/html; charset=utf-8"}
            )
        }
    )
    [a] = list(read(["https://example.org/story"], fetcher=fetcher))
    assert isinstance(a, Article) and a.url == "https://example.org/story"


def test_non_english_article_is_kept_and_flagged() -> None:
    a = article_from_text(
        "Les équipes de secours ont atteint mardi les villages inondés de la vallée, "
        "a indiqué la préfecture, alors que la rivière commençait à baisser."
    )
    assert a.language == "fr" and "non-english" in a.flags
