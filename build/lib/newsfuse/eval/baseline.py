"""The textacy baseline: ``direct_quotations`` speakers, scored like ours.

textacy's rule-based extractor (after Krestel et al.) finds quotes and the token(s) of
the speaker next to the cue verb. The speaker is the span text of those tokens, so a
pronoun ("he said") stays a pronoun and is scored wrong, as SCHEMA.md asks.
"""

from __future__ import annotations

from typing import Any

WORDS_IN_STARTS_WITH = 6


def textacy_quotes(doc: Any) -> list[dict[str, Any]]:
    """Quotes from ``textacy.extract.triples.direct_quotations`` in the prediction format.

    Args:
        doc: a parsed spaCy ``Doc``.

    Returns:
        ``[{"starts_with", "text", "speaker", "start", "end"}]`` in text order.

    Raises:
        ImportError: textacy is not installed (it is a dev dependency).
    """
    from textacy.extract.triples import direct_quotations

    out: list[dict[str, Any]] = []
    try:
        triples = list(direct_quotations(doc))
    except ValueError:
        # textacy refuses texts whose quotation marks do not pair up (a quote that runs
        # over paragraphs, newswire style): the baseline finds nothing there.
        return out
    for triple in triples:
        speaker = ""
        if triple.speaker:
            toks = sorted(triple.speaker, key=lambda t: t.i)
            span = doc[toks[0].i : toks[-1].i + 1]
            # drop a leading lowercase title ("colonel Steve Warren"); pronouns stay
            while len(span) > 1 and span[0].text.islower():
                span = span[1:]
            speaker = span.text
        content = triple.content
        text = content.text.strip("\"“”'‘’ \n")
        out.append(
            {
                "starts_with": " ".join(text.split()[:WORDS_IN_STARTS_WITH]),
                "text": text,
                "speaker": speaker,
                "start": content.start_char,
                "end": content.end_char,
            }
        )
    out.sort(key=lambda q: q["start"])
    return out


__all__ = ["textacy_quotes"]
