"""What every part of the web app shares: the served folder, safe names, JSON bodies, bounds.

Each blueprint reaches the app's state through :func:`state` (the folder, the
previewer, the lock that serialises writes), so no view keeps a closure over
``create_app``'s locals.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from vanban.i18n import _
from vanban.web import folder as web_folder

#: A file name is at most 255 bytes on every file system the app runs on.
MAX_NAME_BYTES = 255
#: Nesting a document ever needs (sections in sections …) with room to spare; deeper is refused
#: before it is parsed, so no request can reach Python's recursion limit.
MAX_JSON_DEPTH = 64


def state() -> dict:
    from flask import current_app
    return current_app.extensions["vanban"]


def root() -> Path:
    return state()["root"]


def name_too_long(name: str) -> bool:
    return len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES


def path_of(name: str) -> Path:
    """The served file ``name``: 404 for a name outside the folder, 400 for one too long to exist."""
    from flask import abort
    if name_too_long(name):
        abort(400, _("The file name is too long (at most {n} bytes).").format(n=MAX_NAME_BYTES))
    try:
        return web_folder.safe_path(root(), name)
    except web_folder.PathRefused:
        abort(404)


def json_depth(text: bytes) -> int:
    """How deeply the JSON in ``text`` nests, counted without parsing it (brackets inside strings
    are skipped), so a body nested 100,000 deep is measured in one pass and refused."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in text:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:       # backslash
                escaped = True
            elif byte == 0x22:       # closing quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):   # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def json_body() -> dict[str, Any]:
    """The request's JSON object; 400 with one clear message for anything else."""
    from flask import abort, request
    raw = request.get_data(cache=True)
    if json_depth(raw) > MAX_JSON_DEPTH:
        abort(400, _("The data sent is nested too deeply (at most {n} levels).").format(n=MAX_JSON_DEPTH))
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        abort(400, _("The data sent is not valid."))
    return data


__all__ = ["state", "root", "path_of", "json_body", "json_depth", "name_too_long", "MAX_NAME_BYTES",
           "MAX_JSON_DEPTH"]
