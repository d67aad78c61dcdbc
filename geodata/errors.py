"""Errors of the geodata layer (re-exported by ``mapapp.errors``)."""


class GeodataError(ValueError):
    """Invalid geometry or coordinates, or a missing / corrupt region pack."""
