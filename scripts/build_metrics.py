"""Regenerate vanban/data/tnr_metrics.json: advance widths of Times New Roman.

Liberation Serif is metric-compatible with Times New Roman (same advance width for
every glyph), so its widths stand in for TNR's. vanban uses them to size the short
rules under the agency name and the subject, and to centre the "Kính gửi" block.
Run once after changing the character set: ``python scripts/build_metrics.py``.
"""
import json
import pathlib

from fontTools.ttLib import TTFont

FONT_DIR = pathlib.Path("/usr/share/fonts/truetype/liberation2")
FACES = {"regular": "LiberationSerif-Regular.ttf", "bold": "LiberationSerif-Bold.ttf",
         "italic": "LiberationSerif-Italic.ttf", "bolditalic": "LiberationSerif-BoldItalic.ttf"}
VI_LETTERS = ("aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợ"
              "pqrstuùúủũụưừứửữựvxyỳýỷỹỵfjwz")
CHARS = sorted(set(chr(c) for c in range(32, 127)) | set(VI_LETTERS) | set(VI_LETTERS.upper())
               | set("“”‘’…–—•°²³½·×"))

out = {}
for face, name in FACES.items():
    font = TTFont(FONT_DIR / name)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    upem = font["head"].unitsPerEm
    out[face] = {c: round(hmtx[cmap[ord(c)]][0] / upem, 4)
                 for c in CHARS if ord(c) in cmap}
    missing = [c for c in CHARS if ord(c) not in cmap]
    assert not missing, (face, missing)
target = pathlib.Path(__file__).resolve().parent.parent / "vanban" / "data" / "tnr_metrics.json"
target.write_text(json.dumps(out, ensure_ascii=False, sort_keys=True), encoding="utf-8")
print(f"wrote {target} ({len(CHARS)} characters x {len(FACES)} faces)")
