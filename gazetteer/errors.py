"""Errors of the gazetteer layer (re-exported by ``mapapp.errors``)."""


class GazetteerError(ValueError):
    """The gazetteer index is missing, corrupt, or a source file is malformed."""
