"""The exceptions newsfuse raises, one small tree with one root.

::

    NewsfuseError
      InputError          an input could not be turned into an article
        UnreadableInput   empty, binary, undecodable, broken, unreachable
        UnsupportedFormat not a format newsfuse reads
        InputTooLarge     over the size cap
        NotAnArticle      readable, but no article text in it
      StageError          raised inside an annotator (carries article_id, stage)
      StoreError          the store could not do what was asked
        MigrationRequired the database schema is older than this release
        NotFound          no such article, story or entity
      ConfigError         a setting, option or plugin is wrong

Each class's docstring is the message a user sees when no better one is given.
Context goes in attributes (``exc.source``, ``exc.article_id``, ``exc.status``).
The CLI catches :class:`NewsfuseError` once and prints ``Error: <message>``.
"""

from __future__ import annotations


class NewsfuseError(Exception):
    """newsfuse could not do what was asked."""

    status = 500  # HTTP status the web app answers with

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or "").strip())


class InputError(NewsfuseError):
    """The input could not be read as an article."""

    status = 400

    def __init__(self, message: str | None = None, *, source: str | None = None) -> None:
        self.source = source
        text = message or (self.__doc__ or "").strip()
        super().__init__(f"{source}: {text}" if source else text)


class UnreadableInput(InputError):
    """The input is empty, binary, undecodable or unreachable."""


class UnsupportedFormat(InputError):
    """The input is not in a format newsfuse reads."""

    status = 415


class InputTooLarge(InputError):
    """The input is larger than the size cap."""

    status = 413


class NotAnArticle(InputError):
    """The input holds no article text."""

    status = 422


class StageError(NewsfuseError):
    """An annotation stage failed on an article."""

    def __init__(self, message: str | None = None, *, article_id: str, stage: str) -> None:
        self.article_id = article_id
        self.stage = stage
        super().__init__(f"{stage} failed on {article_id}: {message or self.__doc__}")


class StoreError(NewsfuseError):
    """The store could not do what was asked."""


class MigrationRequired(StoreError):
    """The database schema does not match this release: open it with upgrade on, or upgrade newsfuse."""

    status = 409


class NotFound(StoreError):
    """No such item in the store."""

    status = 404


class ConfigError(NewsfuseError):
    """A setting, option or plugin is wrong."""

    status = 400


__all__ = [
    "ConfigError",
    "InputError",
    "InputTooLarge",
    "MigrationRequired",
    "NewsfuseError",
    "NotAnArticle",
    "NotFound",
    "StageError",
    "StoreError",
    "UnreadableInput",
    "UnsupportedFormat",
]
