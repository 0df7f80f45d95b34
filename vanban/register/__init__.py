"""The outgoing register (sổ đăng ký văn bản đi): numbering, issuing, exports.

``Register(url)`` opens the register (SQLite file, or ``postgresql://`` for an
office server); ``issue_file(path, register)`` numbers, dates, renders and
records a draft; ``export`` writes appendix IV's register and appendix VI's
metadata (``export_file`` writes it, never over the register's own database).
"""
from vanban.register.db import RegisterBusy, RegisterError, default_path, masked
from vanban.register.issuing import Issued, facts_of, issue_file, numbered_as
from vanban.register.store import (CANCELLED, ISSUED, RESERVED, AlreadyIssued, IssuingBody, RegisterEntry, Recorded, Register,
                                   body_key)

__all__ = ["Register", "RegisterError", "RegisterBusy", "AlreadyIssued", "RegisterEntry", "Recorded", "IssuingBody", "Issued",
           "issue_file", "facts_of", "numbered_as", "body_key", "default_path", "masked", "RESERVED", "ISSUED", "CANCELLED"]
