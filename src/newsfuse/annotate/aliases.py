"""The alias table: curated names of well-known actors plus the user's own files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources as _res
from pathlib import Path

import yaml

from .. import config
from ..errors import ConfigError

_LEADING_THE = re.compile(r"^(?:the)\s+", flags=re.I)
_POSSESSIVE_END = re.compile(r"'s$")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)  # the entity stage asks for the same names many times
def norm(name: str) -> str:
    """Comparison key of a name: lower case, no leading 'the', plain quotes and dashes."""
    s = name.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    s = _LEADING_THE.sub("", s.strip())
    s = _POSSESSIVE_END.sub("", s)
    return _SPACES.sub(" ", s).lower()


def is_acronym(name: str) -> bool:
    """'ISIS', 'U.N.', 'M23' are acronyms; 'Islamic State' is not."""
    letters = re.sub(r"[.\-&]", "", name)
    return (2 <= len(letters) <= 6 and letters.isupper()) or bool(
        re.fullmatch(r"[A-Z]\d+", letters)
    )


@dataclass
class AliasTable:
    """Canonical name for every known alias, and a matcher to find them in text."""

    canonical: dict[str, str] = field(default_factory=dict)  # norm(alias) -> canonical
    acronyms: dict[str, str] = field(default_factory=dict)  # exact acronym -> canonical
    names: dict[str, list[str]] = field(default_factory=dict)  # canonical -> all its names
    pattern: re.Pattern[str] | None = None

    def add(self, canonical: str, aliases: list[str]) -> None:
        """Register a canonical name and its aliases (later files win)."""
        self.names[canonical] = [canonical, *aliases]
        for alias in [canonical, *aliases]:
            if is_acronym(alias):
                self.acronyms[alias] = canonical
            else:
                self.canonical[norm(alias)] = canonical

    def lookup(self, name: str) -> str | None:
        """The canonical name for ``name``, or None when it is not a known alias."""
        if name in self.acronyms:
            return self.acronyms[name]
        if " " not in name.strip() and name[:1].islower():
            return None  # one-word names are capitalized: "labour" is not the party
        return self.canonical.get(norm(name))

    def compile(self) -> None:
        """Build one regex that finds every alias in a text (longest first)."""
        words = sorted({*self.acronyms, *(n for ns in self.names.values() for n in ns)}, key=len)
        parts = []
        by_initial: dict[str, list[str]] = {}
        for w in reversed(words):
            esc = re.escape(w)
            # One-word names match as written: "Fed" is not "fed", "Labour" not "labour".
            part = esc if is_acronym(w) or " " not in w else f"(?i:{esc})"
            parts.append(part)
            by_initial.setdefault(w[:1].lower(), []).append(part)
        if all(k.isascii() and k for k in by_initial):
            # The same alternatives, grouped by their first letter (case-blind) in the same
            # order: at each position only the group of its letter is tried, not all of
            # them. Groups of different ASCII letters never match the same character, so
            # the match found is the one the flat list finds.
            parts = [
                f"(?=(?i:{re.escape(k)}))(?:" + "|".join(group) + ")"
                for k, group in by_initial.items()
            ]
        self.pattern = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w])")

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, canonical) for every alias occurrence in ``text``."""
        if self.pattern is None:
            self.compile()
        assert self.pattern is not None
        out = []
        for m in self.pattern.finditer(text):
            canon = self.lookup(m.group(0))
            if canon:
                out.append((m.start(), m.end(), canon))
        return out


def _read(path: Path | str, text: str) -> dict[str, list[str]]:
    """Parse one alias YAML file, with an error that names it."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"Alias file {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"Alias file {path} must map names to lists of aliases.")
    return {str(k): [str(a) for a in (v or [])] for k, v in data.items()}


def load_aliases(extra: tuple[Path, ...] | None = None) -> AliasTable:
    """The curated alias table plus user files (``NEWSFUSE_ALIASES`` by default)."""
    table = AliasTable()
    curated = _res.files("newsfuse.data").joinpath("aliases.yaml").read_text(encoding="utf-8")
    for canon, aliases in _read("aliases.yaml", curated).items():
        table.add(canon, aliases)
    for path in extra if extra is not None else config.alias_files():
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"Cannot read alias file {path}: {exc.strerror}") from exc
        for canon, aliases in _read(path, text).items():
            table.add(canon, aliases)
    table.compile()
    return table
