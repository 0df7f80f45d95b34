"""gettext for the register's messages (vanban.i18n once it exists)."""
try:
    from ..i18n import _  # noqa: F401
except ImportError:  # pragma: no cover - until the i18n module lands
    def _(message: str) -> str:
        return message
