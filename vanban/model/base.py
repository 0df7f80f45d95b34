"""What every model of vanban shares: text as read from YAML, and unknown keys refused."""
from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

from vanban.decree import vn
from vanban.i18n import _


def _text(value: str) -> str:
    bad = next((c for c in value if "\ud800" <= c <= "\udfff"), None)
    if bad:
        # A lone half of a UTF-16 pair (from "\ud800" in YAML) cannot be written to any file.
        raise ValueError(_("contains U+{code}, which is not a character (a lone surrogate)").format(code=f"{ord(bad):04X}"))
    return vn.nfc(value).strip()


Text = Annotated[str, AfterValidator(_text)]


class Model(BaseModel):
    """Base of vanban's models: unknown keys are errors (a typo must not vanish)."""
    model_config = ConfigDict(extra="forbid", use_enum_values=False)


__all__ = ["Model", "Text"]
