"""Messages in the reader's language, through gettext.

Vietnamese is the default; ``VANBAN_LANG=en`` (or ``--lang en``) gives
English. Message ids are the English text; the catalogs live in
``vanban/locale/<lang>/LC_MESSAGES/vanban.mo`` and ship in the wheel. This
module sits below every layer, so any of them may say ``_("…")``.
"""
from __future__ import annotations

import functools
import gettext
import os
from pathlib import Path
from typing import Optional

DOMAIN = "vanban"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DEFAULT_LANG = "vi"

_forced: list[str] = []


def set_language(lang: Optional[str]) -> None:
    """Use ``lang`` (``vi`` or ``en``) for every message from now on; None: back to ``VANBAN_LANG``."""
    _forced[:] = [lang] if lang else []
    _translation.cache_clear()


def language() -> str:
    """The language messages are shown in."""
    return (_forced or [os.environ.get("VANBAN_LANG") or DEFAULT_LANG])[0].split("_")[0].lower()


@functools.lru_cache(maxsize=4)
def _translation(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """``message`` (its English text) in the current language."""
    return _translation(language()).gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it yet (module-level tables);
    translate it with ``_()`` where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Singular or plural by ``n``. Vietnamese has one form, so each form is its own
    catalog entry (click's plural messages are extracted that way too)."""
    return _(singular if n == 1 else plural)


__all__ = ["_", "N_", "ngettext", "set_language", "language"]
