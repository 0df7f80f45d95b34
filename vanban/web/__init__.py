"""The web editor (``vanban serve``): every CLI task on a page, in Vietnamese, on the clerk's own machine.

Light to import: Flask and the rest load only when :func:`create_app` runs.
"""
from __future__ import annotations


def create_app(folder, token=None, previewer=None):
    """The Flask app serving ``folder``'s YAML documents (see :mod:`vanban.web.app`)."""
    from vanban.web.app import create_app as _create
    return _create(folder, token=token, previewer=previewer)


__all__ = ["create_app"]
