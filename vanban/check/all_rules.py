"""Every rule of check, loaded in the order a report lists them: content rules, layout rules, the
page number (the last layout rule), then the articles' format."""
from vanban.check import content_rules, layout_rules, page_number, articles, table_rules  # noqa: F401  (each registers its rules)
from vanban.check.framework import RULES

__all__ = ["RULES"]
