"""Measuring how faithfully a document keeps a text: the share of its words found in order."""
from __future__ import annotations

import difflib
import re
import unicodedata

THRESHOLD = 0.97


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).replace("*", "")
    return [w for w in re.split(r"\s+", text) if w]


def coverage(seed_words: list[str], doc_words: list[str]) -> float:
    """Share of the seed's words found, in order, in the document."""
    sm = difflib.SequenceMatcher(None, seed_words, doc_words, autojunk=False)
    found = sum(b.size for b in sm.get_matching_blocks())
    return found / len(seed_words)


def split_footnotes(seed_text: str) -> tuple[str, list[str]]:
    """The extract without its footnote blocks, and those blocks (¹ ² ³ … and their dash lines)."""
    body, notes, in_note = [], [], False
    for para in re.split(r"\n\s*\n", seed_text):
        p = para.strip()
        if p and p[0] in "¹²³⁴⁵":
            notes.append(p[1:].strip())
            in_note = True
        elif in_note and p.startswith("- ") and re.match(r"- (Điều|Nghị quyết)", p):
            notes[-1] += " " + p
        else:
            in_note = False
            body.append(p)
    text = "\n\n".join(body)
    return re.sub(r"[¹²³⁴⁵]", "", text), notes
