"""A draft signed by its leader with the number and day blank, for the văn thư's step tests: the
seed công văn without its number, dated only by month, made ready for signing (real LibreOffice),
signed with a .p12; the agency's .p12 and a transparent seal PNG beside it."""
from __future__ import annotations

from pathlib import Path

from conftest import DATA
from support import pki

PW = "mật khẩu"


def make(folder: Path, month: str) -> dict:
    """The signed draft of ``month`` ("YYYY-MM") in ``folder``; its paths and keys by name."""
    from PIL import Image, ImageDraw

    from vanban.sign import keys
    from vanban.sign.prepare import for_signing
    from vanban.sign.signing import sign_file
    seed = (DATA / "lai-chau-ldld-244-2024.yaml").read_text(encoding="utf-8")
    draft = folder / "draft.yaml"
    draft.write_text(seed.replace("so: 244\n", "").replace("ngay: 2024-05-10", f"ngay: {month}"), encoding="utf-8")
    for_signing(draft, folder / "draft.pdf")
    ca = pki.make_ca()
    leader = pki.make_p12(ca, "Hoàng Văn Trinh", PW, folder / "u.p12")
    org = pki.make_p12(ca, "LĐLĐ tỉnh Lai Châu", PW, folder / "org.p12", serial=77)
    with keys.pkcs12(leader, PW) as s:
        sign_file(folder / "draft.pdf", folder / "leader.pdf", s)
    seal = folder / "seal.png"
    im = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    ImageDraw.Draw(im).ellipse((8, 8, 292, 292), outline=(220, 0, 0, 255), width=12)
    im.save(seal)
    return {"folder": folder, "leader": folder / "leader.pdf", "org": org, "seal": seal, "ca": ca, "seed": seed}
