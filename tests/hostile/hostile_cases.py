"""The hostile and careless inputs, one :class:`Case` each: files to lay down, the command,
and what must come out (exit status, a phrase of the message, files that must or must not exist).

Each case's ``files`` maps a name to text (written as UTF-8), bytes, or a callable taking the
case's folder (for FIFOs, folders, symlinks)."""
from __future__ import annotations

import codecs
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Union

ROOT = Path(__file__).resolve().parents[2]
PLAN = str(ROOT / "data" / "lai-chau-ubnd-kh-mam-non-2023.yaml")
BODY = str(ROOT / "data" / "bodies" / "lai-chau-ldld.yaml")

Content = Union[str, bytes, Callable[[Path], None]]

LETTER = """loai: cong_van
co_quan:
  chu_quan: UBND TỈNH LAI CHÂU
  ten: SỞ GIÁO DỤC VÀ ĐÀO TẠO
  viet_tat: SGDĐT
  dia_danh: Lai Châu
so: 5
ngay: 2024-03-08
trich_yeu: triển khai kế hoạch
kinh_gui: [Phòng GD&ĐT các huyện]
noi_dung:
  - Nội dung thứ nhất.
  - Nội dung thứ hai.
noi_nhan: [Như trên]
ky: {kt: GIÁM ĐỐC, chuc_vu: PHÓ GIÁM ĐỐC, ho_ten: Nguyễn Văn A}
"""


def letter(old: str = "", new: str = "", extra: str = "") -> str:
    assert old in LETTER
    return LETTER.replace(old, new, 1) + extra


def bomb(levels: int = 9, width: int = 9) -> str:
    """The classic "billion laughs" in YAML: 1.2 KB, 9**9 values once expanded."""
    rows = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for k in range(1, levels + 1):
        rows.append(f"l{k}: &l{k} [" + ", ".join([f"*l{k - 1}"] * width) + "]")
    return "\n".join(rows) + "\n"


def unit(name: str, extra: str = "") -> str:
    return (f"  - ten: [ỦY BAN NHÂN DÂN, '{name.upper()}']\n    dia_danh: '{name}'\n    dia_ban: '{name}'\n"
            f"    ten_goi: 'UBND {name}'\n{extra}")


def units(*names: str) -> str:
    return "chung:\n  viet_tat: UBND\ndon_vi:\n" + "".join(unit(n) for n in names)


def fifo(name: str) -> Callable[[Path], None]:
    return lambda d: os.mkfifo(d / name)


def folder(name: str) -> Callable[[Path], None]:
    return lambda d: (d / name).mkdir(parents=True)


@dataclass
class Case:
    id: str
    args: list[str]
    files: dict[str, Content] = field(default_factory=dict)
    code: int = 2
    says: str = ""                       # a phrase the message must contain (case-insensitive)
    exists: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    count: tuple[str, int] = ("", 0)     # (glob, how many files must match)
    seconds: float = 30.0
    mem_mb: int = 1024
    peak_mb: float = 700.0


def cp1258(text: str) -> bytes:
    """``text`` as Windows-1258 writes it: â ê ô ơ ư ă đ precomposed, each tone a combining mark after."""
    import unicodedata
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for c in text:
        parts = unicodedata.normalize("NFD", c)
        out.append(unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
                   + "".join(p for p in parts if p in tones))
    return "".join(out).encode("cp1258")


TCVN3_SAMPLE = bytes("loai: cong_van\ntrich_yeu: ", "ascii") + bytes([0xB8, 0x6E, 0x67, 0x20, 0xAE, 0xAD, 0xEA]) * 5


CASES: list[Case] = [
    # --- keys and values a clerk gets wrong ---
    Case("key-capitalised", ["validate", "a.yaml"], {"a.yaml": letter("loai:", "Loai:")},
         says="a.yaml:1: Loai: unknown key 'Loai': keys are written in lower case: 'loai'"),
    Case("nested-key-capitalised", ["validate", "a.yaml"], {"a.yaml": letter("ho_ten:", "Ho_ten:")},
         says="ky.Ho_ten: unknown key 'Ho_ten': keys are written in lower case: 'ho_ten'"),
    Case("colon-in-list-item", ["validate", "a.yaml"],
         {"a.yaml": letter("  - Nội dung thứ hai.", "  - Nhiệm vụ: làm")}, says="put the whole text in quotes"),
    Case("key-typo", ["validate", "a.yaml"], {"a.yaml": letter("trich_yeu:", "trichyeu:")},
         says="did you mean 'trich_yeu'"),
    Case("duplicate-key", ["validate", "a.yaml"], {"a.yaml": letter(extra="so: 6\n")}, says="given twice"),
    Case("list-as-key", ["validate", "a.yaml"], {"a.yaml": letter(extra="? [a, b]\n: c\n")}, says="plain word"),
    Case("python-tag", ["validate", "a.yaml"],
         {"a.yaml": letter(extra="x: !!python/object/apply:os.system ['id > PWNED']\n")},
         says="tag", absent=["PWNED"]),
    Case("tab-indent", ["validate", "a.yaml"], {"a.yaml": letter("  ten: SỞ", "\tten: SỞ")}, says="a.yaml:"),
    Case("unclosed-quote", ["validate", "a.yaml"], {"a.yaml": letter("trich_yeu: triển", 'trich_yeu: "triển')},
         says="not valid YAML"),
    Case("impossible-date", ["validate", "a.yaml"], {"a.yaml": letter("2024-03-08", "2023-02-30")},
         says="not a date"),
    Case("body-is-number", ["validate", "a.yaml"],
         {"a.yaml": letter("noi_dung:\n  - Nội dung thứ nhất.\n  - Nội dung thứ hai.", "noi_dung: 5")},
         says="noi_dung"),
    Case("body-items-number-null", ["validate", "a.yaml"],
         {"a.yaml": letter("  - Nội dung thứ nhất.\n  - Nội dung thứ hai.", "  - 5\n  - null")},
         says="expected text, or a section"),
    Case("signature-missing", ["validate", "a.yaml"],
         {"a.yaml": letter("ky: {kt: GIÁM ĐỐC, chuc_vu: PHÓ GIÁM ĐỐC, ho_ten: Nguyễn Văn A}\n", "")},
         says="ky: required"),
    Case("top-level-list", ["validate", "a.yaml"], {"a.yaml": "- a\n- b\n"}, says="must be a mapping"),
    Case("top-level-scalar", ["validate", "a.yaml"], {"a.yaml": "hello\n"}, says="must be a mapping"),
    Case("empty-file", ["validate", "a.yaml"], {"a.yaml": ""}, says="must be a mapping"),
    Case("missing-file", ["validate", "nothere.yaml"], says="no such file"),
    Case("folder-as-input", ["validate", "d"], {"d": folder("d")}, says="a folder"),
    Case("so-true", ["validate", "a.yaml"], {"a.yaml": letter("so: 5", "so: true")}, says="not true/false"),
    Case("so-hex", ["validate", "a.yaml"], {"a.yaml": letter("so: 5", "so: 0x1F")},
         says="decimal digits (got '0x1F')"),
    Case("so-octal", ["validate", "a.yaml"], {"a.yaml": letter("so: 5", "so: 0o17")}, says="so:"),
    Case("so-40-digits", ["validate", "a.yaml"], {"a.yaml": letter("so: 5", "so: " + "9" * 40)},
         says="must be 999999 or less"),
    Case("so-negative", ["validate", "a.yaml"], {"a.yaml": letter("so: 5", "so: -3")}, says="so:"),
    Case("so-fraction", ["validate", "a.yaml"], {"a.yaml": letter("so: 5", "so: 1.5")}, says="so:"),
    Case("viet-tat-empty", ["validate", "a.yaml"], {"a.yaml": letter("viet_tat: SGDĐT", 'viet_tat: ""')},
         says="viet_tat: must not be empty"),
    Case("viet-tat-zero-width", ["validate", "a.yaml"],
         {"a.yaml": letter("viet_tat: SGDĐT", 'viet_tat: "SGD\\u200bĐT"')}, says="invisible character (U+200B)"),
    Case("ky-hieu-nbsp", ["validate", "a.yaml"], {"a.yaml": letter(extra='ky_hieu: "KH\\u00a0UBND"\n')},
         says="invisible character"),
    Case("lone-surrogate", ["validate", "a.yaml"],
         {"a.yaml": letter("trich_yeu: triển khai kế hoạch", 'trich_yeu: "x\\ud800y"')}, says="lone surrogate"),
    Case("nul-byte", ["validate", "a.yaml"], {"a.yaml": letter(extra="x: a\x00b\n")}, says="a.yaml:16:"),
    Case("footnote-not-defined", ["validate", "a.yaml"],
         {"a.yaml": letter("  - Nội dung thứ hai.", "  - Nội dung thứ hai[^x].")}, says="a.yaml:13:"),
    Case("footnote-never-cited", ["validate", "a.yaml"], {"a.yaml": letter(extra="chu_thich:\n  y: Ghi chú.\n")},
         says="a.yaml:17: chu_thich.y"),
    # --- encodings ---
    Case("utf8-bom", ["validate", "a.yaml"], {"a.yaml": codecs.BOM_UTF8 + LETTER.encode()}, code=0, says="ok"),
    Case("utf16-with-bom", ["validate", "a.yaml"], {"a.yaml": LETTER.encode("utf-16")}, code=0, says="ok"),
    Case("utf16-without-bom", ["validate", "a.yaml"], {"a.yaml": LETTER.encode("utf-16-le")}, code=0, says="ok"),
    Case("windows-1258", ["validate", "a.yaml"], {"a.yaml": cp1258(LETTER)}, says="Windows-1258"),
    Case("tcvn3", ["validate", "a.yaml"], {"a.yaml": TCVN3_SAMPLE}, says="TCVN3"),
    Case("binary-garbage", ["validate", "a.yaml"], {"a.yaml": bytes(range(128, 256)) * 4}, says="not UTF-8"),
    # --- bounds ---
    Case("alias-bomb-validate", ["validate", "a.yaml"], {"a.yaml": bomb()}, says="too many aliases",
         seconds=10, peak_mb=400),
    Case("alias-bomb-render", ["render", "a.yaml", "-o", "out/", "-j", "1"], {"a.yaml": bomb()},
         says="too many aliases", absent=["out/a.docx"], seconds=10, peak_mb=400),
    Case("alias-bomb-check", ["check", "a.yaml"], {"a.yaml": bomb()}, says="too many aliases", seconds=10,
         peak_mb=400),
    Case("alias-bomb-units", ["derive", "plan", PLAN, "--units", "u.yaml", "-o", "plans"],
         {"u.yaml": bomb().replace("l9:", "don_vi:")}, says="too many aliases", absent=["plans"], seconds=10,
         peak_mb=400),
    Case("alias-bomb-body", ["derive", "follow-up", PLAN, "--by", "b.yaml", "-o", "f.yaml"], {"b.yaml": bomb()},
         says="too many aliases", absent=["f.yaml"], seconds=10, peak_mb=400),
    Case("recursive-alias", ["validate", "a.yaml"], {"a.yaml": letter(extra="x: &a [1, *a]\n")},
         says="alias refers to the list or mapping it is in"),
    Case("deep-lists", ["validate", "a.yaml"], {"a.yaml": "noi_dung: " + "[" * 1000 + "]" * 1000 + "\n"},
         says="nested more than"),
    Case("deep-sections", ["render", "a.yaml", "-o", "out/", "-j", "1"],
         {"a.yaml": letter(extra="x:\n" + "".join("  " * k + " muc:\n" for k in range(1, 1000)))},
         says="nested more than", absent=["out/a.docx"]),
    Case("input-too-large", ["validate", "a.yaml"], {"a.yaml": LETTER + "# " + "x" * (11 * 2 ** 20) + "\n"},
         says="too large", peak_mb=400),
    Case("long-paragraph-renders", ["render", "a.yaml", "-o", "out/a.docx", "-j", "1"],
         {"a.yaml": letter("Nội dung thứ nhất.", "Dài " * 50000)}, code=0, exists=["out/a.docx"]),
    Case("thousands-of-paragraphs", ["render", "a.yaml", "-o", "out/a.docx", "-j", "1"],
         {"a.yaml": letter("  - Nội dung thứ nhất.\n", "".join(f"  - Đoạn {k}.\n" for k in range(3000)))},
         code=0, exists=["out/a.docx"], seconds=60),
    # --- outputs that must not be written ---
    # A .docx given to render is refused as the wrong kind of file before any output is considered (issue 12).
    Case("render-onto-own-input", ["render", "in.docx", "-o", "in.docx"], {"in.docx": LETTER},
         says="vanban render takes a .yaml document"),
    # A manifest is .json or .csv (issue 12): a .yaml or a device name is refused as such.
    Case("manifest-onto-input", ["render", "a.yaml", "-o", "out/", "--manifest", "a.yaml"], {"a.yaml": LETTER},
         says="a manifest is written as .json or .csv", absent=["out/a.docx"]),
    Case("manifest-onto-device", ["render", "a.yaml", "-o", "out/", "--manifest", "/dev/full"], {"a.yaml": LETTER},
         says="a manifest is written as .json or .csv", absent=["out/a.docx"]),
    Case("output-onto-fifo", ["render", "a.yaml", "-o", "x.docx"], {"a.yaml": LETTER, "x.docx": fifo("x.docx")},
         says="FIFO"),
    Case("output-onto-dev-null", ["render", "a.yaml", "-o", "/dev/null/x.docx"], {"a.yaml": LETTER},
         says="not a folder"),
    Case("output-under-a-file", ["render", "a.yaml", "-o", "a.yaml/x.docx"], {"a.yaml": LETTER},
         says="not a folder"),
    Case("output-name-too-long", ["render", "a.yaml", "-o", "out/" + "ắ" * 90 + ".docx"], {"a.yaml": LETTER},
         says="file name is too long"),
    Case("output-template-clash", ["render", "a.yaml", "--template", "t.docx", "-o", "t.docx"],
         {"a.yaml": LETTER, "t.docx": b"PK"}, says="refusing to write over the input file"),
    Case("pdf-onto-fifo", ["render", "a.yaml", "-o", "out/a.docx", "--pdf"],
         {"a.yaml": LETTER, "out": folder("out"), "out/a.pdf": fifo("out/a.pdf")}, says="FIFO",
         absent=["out/a.docx"]),
    Case("preview-onto-input", ["preview", "a.yaml", "-o", "a.yaml"], {"a.yaml": LETTER},
         says="refusing to write over the input file"),
    Case("follow-up-onto-fifo", ["derive", "follow-up", PLAN, "--by", BODY, "--tasks", "III.1", "-o", "f"], {"f": fifo("f")},
         says="FIFO"),
    Case("follow-up-onto-folder", ["derive", "follow-up", PLAN, "--by", BODY, "--tasks", "III.1", "-o", "d"], {"d": folder("d")},
         says="a folder"),
    Case("follow-up-onto-parent", ["derive", "follow-up", "p.yaml", "--by", BODY, "--tasks", "III.1", "-o", "p.yaml"],
         {"p.yaml": Path(PLAN).read_text("utf-8")}, says="refusing to write over the input file"),
    Case("plan-into-a-file", ["derive", "plan", PLAN, "--units", "u.yaml", "-o", "u.yaml"],
         {"u.yaml": units("xã A")}, says="not a folder"),
    Case("plan-into-read-only-place", ["derive", "plan", PLAN, "--units", "u.yaml", "-o", "/proc/vanban-plans"],
         {"u.yaml": units("xã A")}, says="cannot make the folder /proc/vanban-plans"),
    Case("plan-manifest-onto-units", ["derive", "plan", PLAN, "--units", "u.yaml", "-o", "p", "--render",
                                      "--manifest", "u.yaml"],
         {"u.yaml": units("xã A")}, says="a manifest is written as .json or .csv", absent=["p"]),
    # --- two outputs, one name ---
    Case("same-stem-two-folders", ["render", "a/x.yaml", "b/x.yaml", "-o", "out/", "-j", "1"],
         {"a/x.yaml": LETTER, "b/x.yaml": LETTER}, code=0, count=("out/*.docx", 2)),
    Case("same-stem-differing-case", ["render", "X.yaml", "x.yaml", "-o", "out/", "-j", "1"],
         {"X.yaml": LETTER, "x.yaml": LETTER}, code=0, count=("out/*.docx", 2)),
    Case("units-same-territory", ["derive", "plan", PLAN, "--units", "u.yaml", "-o", "p"],
         {"u.yaml": units("xã A", "xã A", "xã A")}, code=0, count=("p/*.yaml", 3)),
    Case("units-without-latin-letters", ["derive", "plan", PLAN, "--units", "u.yaml", "-o", "p"],
         {"u.yaml": units("中文", "!!!", "---")}, code=0, count=("p/don-vi-*.yaml", 3)),
    Case("units-differ-by-diacritics", ["derive", "plan", PLAN, "--units", "u.yaml", "-o", "p"],
         {"u.yaml": units("xã Thạnh An", "xã Thanh An", "xã Thành An")}, code=0, count=("p/xa-thanh-an*.yaml", 3),
         exists=["p/xa-thanh-an.yaml", "p/xa-thanh-an-2.yaml", "p/xa-thanh-an-3.yaml"]),
    Case("one-bad-unit", ["derive", "plan", PLAN, "--units", "u.yaml", "-o", "p"],
         {"u.yaml": units("xã A", "xã B") + "  - ten: [X]\n    dia_danh: C\n"}, says="u.yaml:12: don_vi[3].dia_ban: required",
         count=("p/*.yaml", 2)),
    Case("units-number-and-null", ["derive", "plan", PLAN, "--units", "u.yaml", "-o", "p"],
         {"u.yaml": "don_vi: [5, null]\n"}, says="don_vi[1]", absent=["p"]),
    Case("units-common-is-number", ["derive", "plan", PLAN, "--units", "u.yaml", "-o", "p"],
         {"u.yaml": "chung: 5\ndon_vi: []\n"}, says="chung", absent=["p"]),
    Case("units-csv-with-bom", ["derive", "plan", PLAN, "--units", "u.csv", "-o", "p"],
         {"u.csv": codecs.BOM_UTF8 + "ten,dia_danh,dia_ban\nỦY BAN NHÂN DÂN|XÃ A,A,xã A\n".encode()},
         code=0, exists=["p/xa-a.yaml"]),
    Case("units-csv-bad-row", ["derive", "plan", PLAN, "--units", "u.csv", "-o", "p"],
         {"u.csv": "ten,dia_danh,dia_ban\nUBND|XÃ A,A,xã A\nUBND|XÃ B,B\n"}, says="u.csv:3: don_vi[2].dia_ban",
         exists=["p/xa-a.yaml"]),
    Case("unknown-province", ["derive", "plan", PLAN, "--units", "vn:Atlantis", "-o", "p"], says="no such province"),
    # --- command line ---
    Case("preview-negative-dpi", ["preview", "a.yaml", "--dpi", "-5"], {"a.yaml": LETTER}, says="--dpi"),
    Case("preview-page-zero", ["preview", "a.yaml", "--page", "0"], {"a.yaml": LETTER}, says="--page"),
    Case("unknown-command", ["frobnicate"], says="No such command"),
    Case("render-no-files", ["render"], says="Missing argument"),
]


def docx(build: str, *args) -> Callable[[Path], None]:
    """A file made by :mod:`hostile_docx` (built lazily: it renders a letter)."""
    def make(folder: Path, name: list = []) -> None:  # noqa: B006 - filled by the table below
        import hostile_docx
        (folder / make.name).write_bytes(getattr(hostile_docx, build)(*args))
    return make


def _named(files: dict) -> dict:
    for name, content in files.items():
        if callable(content) and hasattr(content, "__code__") and content.__name__ == "make":
            content.name = name
    return files


CASES += [
    # --- templates are files from e-mail: sandboxed ---
    Case("template-globals", ["render", "a.yaml", "--template", "t.docx", "-o", "out/a.docx"],
         _named({"a.yaml": LETTER, "t.docx": docx("template_with",
                 "{{ cycler.__init__.__globals__.os.system('id > PWNED') }}")}),
         says="template not allowed", absent=["PWNED", "out/a.docx"]),
    Case("template-class-walk", ["render", "a.yaml", "--template", "t.docx", "-o", "out/a.docx"],
         _named({"a.yaml": LETTER, "t.docx": docx("template_with",
                 "{{ ''.__class__.__mro__[1].__subclasses__() }}")}),
         says="template not allowed", absent=["out/a.docx"]),
    Case("template-subclasses-via-attr", ["render", "a.yaml", "--template", "t.docx", "-o", "out/a.docx"],
         _named({"a.yaml": LETTER, "t.docx": docx("template_with",
                 "{{ trich_yeu.__class__.__base__.__subclasses__() }}")}),
         says="template not allowed", absent=["out/a.docx"]),
    Case("template-huge-string", ["render", "a.yaml", "--template", "t.docx", "-o", "out/a.docx"],
         _named({"a.yaml": LETTER, "t.docx": docx("template_with", "{{ 'x' * 10000000000 }}")}),
         says="template not allowed", absent=["out/a.docx"], peak_mb=500),
    Case("template-huge-power", ["render", "a.yaml", "--template", "t.docx", "-o", "out/a.docx"],
         _named({"a.yaml": LETTER, "t.docx": docx("template_with", "{{ 2 ** 99999999 }}")}),
         says="template not allowed", absent=["out/a.docx"], seconds=15),
    Case("template-huge-loop", ["render", "a.yaml", "--template", "t.docx", "-o", "out/a.docx"],
         _named({"a.yaml": LETTER, "t.docx": docx("template_with", "{% for i in range(10**9) %}x{% endfor %}")}),
         says="template not allowed", absent=["out/a.docx"], seconds=15),
    Case("template-syntax-error", ["render", "a.yaml", "--template", "t.docx", "-o", "out/a.docx"],
         _named({"a.yaml": LETTER, "t.docx": docx("template_with", "{{ trich_yeu ")}),
         says="template error", absent=["out/a.docx"]),
    Case("template-not-docx", ["render", "a.yaml", "--template", "t.docx", "-o", "out/a.docx"],
         {"a.yaml": LETTER, "t.docx": "just text"}, says="not a usable .docx template", absent=["out/a.docx"]),
    Case("template-missing", ["render", "a.yaml", "--template", "nope.docx", "-o", "out/a.docx"],
         {"a.yaml": LETTER}, says="template not found", absent=["out/a.docx"]),
    Case("value-looks-like-template", ["render", "a.yaml", "-o", "out/a.docx", "-j", "1"],
         {"a.yaml": letter("trich_yeu: triển khai kế hoạch", "trich_yeu: \"{{ 7*7 }} {% if 1 %}x{% endif %}\"")},
         code=0, exists=["out/a.docx"]),
]

CASES += [
    Case("unit-name-of-300-letters", ["derive", "plan", PLAN, "--units", "u.yaml", "-o", "p"],
         {"u.yaml": units("xã " + "Thạnh An " * 33)}, code=0, count=("p/xa-thanh-an-*.yaml", 1)),
    Case("output-in-sys", ["render", "a.yaml", "-o", "/sys/vanban-test.docx", "-j", "1"], {"a.yaml": LETTER},
         says="/sys/vanban-test.docx: "),
    Case("input-name-not-utf8", ["validate", "\udcff\udcfe.yaml"], {"\udcff\udcfe.yaml": LETTER}, code=0, says="ok"),
    Case("json-manifest-onto-template", ["render", "a.yaml", "-o", "out/", "--template", "t.docx", "--manifest",
                                         "t.docx"], {"a.yaml": LETTER, "t.docx": b"PK"},
         says="a manifest is written as .json or .csv", absent=["out/a.docx"]),
    # A missing file or a folder is bad input for pdf as for render: exit 2 (issue 12).
    Case("pdf-of-missing-file", ["pdf", "nope.docx"], code=2, says="nope.docx: no such file"),
    Case("pdf-of-a-folder", ["pdf", "d.docx"], {"d.docx": folder("d.docx")}, code=2, says="is a folder"),
]

CASES += [
    Case("merge-key-works", ["validate", "a.yaml"],
         {"a.yaml": LETTER.replace("ky: {kt: GIÁM ĐỐC, chuc_vu: PHÓ GIÁM ĐỐC, ho_ten: Nguyễn Văn A}",
                           "ky:\n  <<: {chuc_vu: PHÓ GIÁM ĐỐC, ho_ten: Nguyễn Văn A}\n  kt: GIÁM ĐỐC")},
         code=0, says="ok"),
    Case("merge-bomb", ["validate", "a.yaml"],
         {"a.yaml": bomb().replace("l9: &l9 [", "x: {<<: [").replace("*l8]", "*l8]}")}, says="a.yaml:",
         seconds=10, peak_mb=400),
    Case("ten-thousand-letter-key", ["validate", "a.yaml"], {"a.yaml": letter(extra="k" * 10000 + ": 1\n")},
         says="a.yaml:16: not valid YAML"),
    Case("thousand-letter-key", ["validate", "a.yaml"], {"a.yaml": letter(extra="k" * 1000 + ": 1\n")},
         says="unknown key '" + "k" * 60 + "'"),
    Case("two-documents", ["validate", "a.yaml"], {"a.yaml": LETTER + "---\n" + LETTER}, says="one document"),
    Case("number-as-key", ["validate", "a.yaml"], {"a.yaml": letter(extra="5: x\n")}, says="unknown key '5'"),
    Case("date-as-list", ["validate", "a.yaml"], {"a.yaml": letter("ngay: 2024-03-08", "ngay: [2024, 3, 8]")},
         says="ngay"),
    Case("units-same-territory-rendered", ["derive", "plan", PLAN, "--units", "u.yaml", "-o", "p", "--render",
                                           "-j", "1"],
         {"u.yaml": units("xã A", "xã A", "xã A")}, code=0, count=("p/*.docx", 3), seconds=60),
    Case("output-is-symlink-to-input", ["render", "a.yaml", "-o", "l.docx"],
         {"a.yaml": LETTER, "l.docx": lambda d: (d / "l.docx").symlink_to(d / "a.yaml")},
         says="refusing to write over the input file"),
]


def merge_bomb(levels: int = 24) -> str:
    """Merges of merges: without care each level doubles the keys YAML copies (2**24 here)."""
    rows = ["m0: &m0 {k: v}"] + [f"m{k}: &m{k} {{<<: [*m{k - 1}, *m{k - 1}], k{k}: v}}" for k in range(1, levels + 1)]
    return "\n".join(rows) + "\n"


CASES += [
    Case("merge-of-merges-bomb", ["validate", "a.yaml"], {"a.yaml": merge_bomb()}, says="unknown key 'm0'",
         seconds=10, peak_mb=400),
]

CASES += [
    # Refused before the register is opened, so no database is needed to see it.
    Case("issue-onto-its-own-yaml", ["issue", "a.yaml", "-o", "a.yaml", "--db", "postgresql://127.0.0.1:9/none"],
         {"a.yaml": letter("so: 5\n", "")}, says="refusing to write over the input file"),
    Case("issue-onto-fifo", ["issue", "a.yaml", "-o", "f.docx", "--db", "postgresql://127.0.0.1:9/none"],
         {"a.yaml": letter("so: 5\n", ""), "f.docx": fifo("f.docx")}, says="FIFO"),
]

CASES += [
    # libyaml composes in C, recursively: these crashed the process (signal 11) instead of raising.
    Case("deep-flow-100k", ["validate", "a.yaml"], {"a.yaml": "a: " + "[" * 100_000 + "]" * 100_000 + "\n"},
         says="nested more than"),
    Case("deep-compact-block-100k", ["validate", "a.yaml"], {"a.yaml": "- " * 100_000 + "x\n"},
         says="nested more than"),
    Case("deep-indented-blocks", ["validate", "a.yaml"],
         {"a.yaml": "".join(" " * k + f"k{k}:\n" for k in range(400)) + " " * 400 + "x: 1\n"},
         says="nested more than"),
]
