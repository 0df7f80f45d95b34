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

DOMAIN = "vanban"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DEFAULT_LANG = "vi"

_forced: list[str] = []


def set_language(lang: str) -> None:
    """Use ``lang`` (``vi`` or ``en``) for every message from now on."""
    _forced[:] = [lang]
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


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation(language()).ngettext(singular, plural, n)


__all__ = ["_", "ngettext", "set_language", "language"]
