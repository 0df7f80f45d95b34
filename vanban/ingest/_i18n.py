"""gettext's ``_`` until vanban.i18n exists on this branch."""
try:
    from ..i18n import _  # noqa: F401
except ImportError:  # pragma: no cover
    def _(message: str) -> str:
        return message
