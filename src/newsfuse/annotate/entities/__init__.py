"""People with titles and roles; organizations and armed groups with their aliases.

:func:`extract_entities` runs these phases, in order, over one :class:`Draft`:

1. **Candidates** (:mod:`.candidates`): names the text declares as aliases ("X (Y)",
   "X, also known as Y"); every curated alias (``data/aliases.yaml`` plus user files);
   spaCy's PERSON/ORG/FAC/NORP entities, typed by their words ("Brigade", "Ministry")
   and their context ("Uwe Seidel, the mayor" is a person whatever the model said).
   Nothing inside a byline, credit line, photo credit or dateline becomes an entity;
   buildings, roads, laws and diseases ("Grand Hotel", "A10", "... Act", "COVID-19"),
   countries, demonyms and capitals standing for their state (:mod:`.placenames`) are
   no actors. Names are cut to the person: titles and sentence-initial descriptors
   ("Motorist X") go, a given name the model left out comes in.
2. **Cued organizations** (:mod:`.organizations`): names the words around them make
   organizations ("company X", "X television", "X's spokesman", "X and its", "groups,
   X and Y") with every occurrence, and capitalized names ending in an organization word
   ("5-Star Movement", "Center for a New American Security").
3. **Declared aliases and institutions** (:mod:`.organizations`): an alias the text
   declares joins its organization, with every occurrence; lower-case institutions ("the
   health ministry", "parliament") are organizations, with their country where given.
4. **Surnames** (:mod:`.people`): later surname-only mentions ("Dillon") join the full
   person; an "organization" that has a person's full name and no organization word is
   that person; a lone one-word "person" that neither speaks nor carries a title is dropped.
5. **Titles and roles** (:mod:`.people`): the title before a name ("Col.", "retired US
   Army colonel", normalized to "Colonel") and the role after it (", the spokesman for
   ...", ", who heads ...", ", Pfizer's senior vice president") or before it ("the
   ministry's spokesman, X", "police spokesman X"), from any mention; the owner before a
   name ("Green party's X") is an organization and, failing a stated role, the role.
6. **Short forms** (:mod:`.organizations`): one-word short names and acronyms merge into
   the full organization name.

Limits: no pronoun or nominal coreference ("the colonel"); two people sharing a surname
make surname-only mentions ambiguous, and those are left unattached.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...model import Article, Entity
from ..aliases import AliasTable, load_aliases
from ..gazetteer import load_gazetteer
from . import candidates, organizations, people
from .draft import Draft, finish
from .patterns import TITLES

if TYPE_CHECKING:
    from spacy.tokens import Doc

PHASES = (
    candidates.declared_aliases,
    candidates.curated_aliases,
    candidates.model_entities,
    organizations.cued_organizations,
    organizations.join_declared,
    organizations.institutions,
    people.named_only_as,
    people.join_surnames,
    people.people_over_model_orgs,
    people.drop_lone_words,
    people.titles_and_roles,
    people.owners_before,
    organizations.merge_short_forms,
)


def extract_entities(article: Article, doc: Doc, res: Any) -> tuple[Entity, ...]:
    """People and organizations named in the article, with titles, roles and aliases.

    Args:
        article: the article (its ``regions`` mark furniture that names no entity).
        doc: its spaCy Doc.
        res: resources; the alias table and gazetteer are built once through
            ``res.get(...)``. ``None`` uses the curated aliases and no gazetteer.

    Returns:
        Entities in order of first mention: ``kind`` "person" (title, role) or
        "organization" (aliases), each with every mention's span.
    """
    table: AliasTable = res.get("aliases", load_aliases) if res is not None else load_aliases(())
    gaz = res.get("gazetteer", load_gazetteer) if res is not None else None
    draft = Draft(article, doc, table, gaz)
    for phase in PHASES:
        phase(draft)
    return finish(draft)


__all__ = ["PHASES", "TITLES", "Draft", "extract_entities"]
