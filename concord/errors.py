"""The one exception tree. Everything concord raises on purpose is a :class:`ConcordError`.

    ConcordError
    ├── SettingsError         a bad setting, config file or environment variable
    ├── UsageError            a bad argument: a value out of range, too many filters, nothing to retry
    ├── LexiconError          a lexicon file that does not validate (carries file:line)
    ├── ModelNotFoundError    the spaCy pipeline (or another model) is not installed
    ├── StoreError            the database cannot be opened, migrated or written
    │   └── StoreBusyError    another process held the write lock past the store_timeout setting
    ├── NotFoundError         no article/event with that id
    └── InputError            one input cannot be ingested; it is quarantined, the batch goes on
        ├── UnsupportedInputError   binary file, unknown format
        ├── DecodeError             bytes that are not text in any encoding we accept
        ├── EmptyInputError         nothing but white space
        ├── TooLargeError           over the size limit
        ├── MalformedRecordError    a JSON line or record that cannot be read (carries line number)
        ├── FeedError               a feed that cannot be parsed
        └── FetchError              a URL that failed or was refused
            └── URLRefusedError     loopback/private/link-local address, bad scheme, too many redirects
"""

from __future__ import annotations

__all__ = [
    "ConcordError",
    "DecodeError",
    "EmptyInputError",
    "FeedError",
    "FetchError",
    "InputError",
    "LexiconError",
    "MalformedRecordError",
    "ModelNotFoundError",
    "NotFoundError",
    "SettingsError",
    "StoreBusyError",
    "StoreError",
    "TooLargeError",
    "URLRefusedError",
    "UnsupportedInputError",
    "UsageError",
]


class ConcordError(Exception):
    """Base of every error concord raises on purpose."""


class SettingsError(ConcordError):
    """A setting, config file or environment variable has a bad value."""


class UsageError(ConcordError):
    """An operation was asked for with an argument it cannot take (CLI exit 2, HTTP 422)."""


class LexiconError(ConcordError):
    """A lexicon file failed validation; the message starts with ``file:line:``."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line


class ModelNotFoundError(ConcordError):
    """A required model is not installed; the message names the install command."""


class StoreError(ConcordError):
    """The store cannot be opened, migrated or written."""


class StoreBusyError(StoreError):
    """Another process held the store's write lock for longer than the ``store_timeout`` setting."""


class NotFoundError(ConcordError):
    """No record with the requested id."""


class InputError(ConcordError):
    """One input cannot be ingested. It is quarantined with :attr:`reason`; the batch goes on."""

    kind = "input"

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle by source and reason, so the error crosses from an analysis worker process intact."""
        return (type(self), (self.source, self.reason))


class UnsupportedInputError(InputError):
    """A binary file or a format concord does not read."""

    kind = "unsupported"


class DecodeError(InputError):
    """Bytes that do not decode as text."""

    kind = "decode"


class EmptyInputError(InputError):
    """An input with no text in it."""

    kind = "empty"


class TooLargeError(InputError):
    """An input over the configured size limit."""

    kind = "too-large"


class MalformedRecordError(InputError):
    """A JSON line or record that cannot be read; :attr:`line` says where."""

    kind = "malformed"

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        super().__init__(source if line is None else f"{source}:{line}", reason)
        self.line = line

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle with the line number (the source already carries it, so it is passed bare)."""
        return (_malformed, (self.source, self.reason, self.line))


def _malformed(source: str, reason: str, line: int | None) -> MalformedRecordError:
    """Rebuild a pickled :class:`MalformedRecordError` without appending its line twice."""
    error = MalformedRecordError(source, reason)
    error.line = line
    return error


class FeedError(InputError):
    """A feed that cannot be parsed."""

    kind = "feed"


class FetchError(InputError):
    """A URL that could not be fetched."""

    kind = "fetch"


class URLRefusedError(FetchError):
    """A URL refused by policy (private address, scheme, redirects, content type)."""

    kind = "refused"
