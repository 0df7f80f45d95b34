"""``vanban check``: Decree 30 conformance of a YAML document, any .docx or any PDF.

``check_file(path)`` returns a :class:`Report` with one :class:`Result` per rule."""
from vanban.check.report import (FAIL, NA, PASS, UNDECIDED, Report, Result, check_docx, check_model, check_yaml,
                                 format_json, format_text)
from vanban.check.files import check_file
from vanban.check.pdf import check_pdf
from vanban.check.all_rules import RULES

__all__ = ["check_file", "check_docx", "check_pdf", "check_yaml", "check_model", "Report", "Result", "format_text", "format_json",
           "RULES", "PASS", "FAIL", "NA", "UNDECIDED"]
