"""Language identification (py3langid: offline, fast, 97 languages)."""

from __future__ import annotations

MIN_CHARS = 40  # below this, identification is a guess: assume the corpus language


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when too short to tell."""
    if len(text.strip()) < MIN_CHARS:
        return None
    import py3langid

    lang, _score = py3langid.classify(text[:5000])
    return str(lang)
