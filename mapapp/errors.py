"""The few exceptions conflictmap raises on purpose. Each subclasses a built-in so callers
that know nothing of conflictmap still catch them sensibly, and each message is one line
that tells the user what happened."""

from gazetteer.errors import GazetteerError
from geodata.errors import GeodataError


class ArticleError(ValueError):
    """An input could not be read as an article (binary, too large, empty, broken)."""


class UnsafeInputError(ValueError):
    """An upload or file breaks a safety rule (size, count, nesting, NaN in JSON)."""


class StoreBusyError(RuntimeError):
    """The store is locked by another writer for longer than the configured timeout."""


class StoreCorruptError(RuntimeError):
    """The store file is not a conflictmap database or fails its integrity check."""


class ExportError(OSError):
    """An export could not be written; nothing was left half-written at the target path."""


__all__ = [
    "ArticleError",
    "ExportError",
    "GazetteerError",
    "GeodataError",
    "StoreBusyError",
    "StoreCorruptError",
    "UnsafeInputError",
]
