"""Scans made from vanban's own PDFs, as offices' scanners give them: page images (maybe blurred
and speckled), wrapped as an image-only PDF, or under a bad OCR layer without diacritics (what
Tesseract's English model writes over a Vietnamese page, as cheap scanners do)."""
from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

from PIL import Image, ImageFilter


def page_images(pdf: Path, out: Path, dpi: int = 300) -> list[Path]:
    """Every page of ``pdf`` drawn in grey by pdftoppm."""
    prefix = out / pdf.stem
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(prefix)], check=True)
    return sorted(out.glob(pdf.stem + "-*.png"))


def degrade(png: Path, blur: float = 0.8, specks: int = 3000, seed: int = 20) -> Path:
    """A scanner's page: a little blur and dark specks (the same for one seed)."""
    rng = random.Random(seed)
    img = Image.open(png).convert("L").filter(ImageFilter.GaussianBlur(blur))
    px = img.load()
    for _ in range(specks):
        px[rng.randrange(img.width), rng.randrange(img.height)] = rng.randrange(0, 120)
    img.save(png)
    return png


def image_pdf(pdf: Path, out: Path, dpi: int = 300, blur: float = 0.0) -> Path:
    """``pdf`` as an image-only PDF (no text layer), written to ``out``."""
    work = out.parent / (out.stem + "-pages")
    work.mkdir(exist_ok=True)
    pngs = page_images(pdf, work, dpi)
    if blur:
        for p in pngs:
            degrade(p, blur)
    images = [Image.open(p).convert("L") for p in pngs]
    images[0].save(out, save_all=True, append_images=images[1:], resolution=dpi)
    return out


def garbage_layer_pdf(pdf: Path, out: Path, dpi: int = 200) -> Path:
    """``pdf`` as a scan with an OCR text layer that is not Vietnamese ("CONG HOA XA HOI …"):
    Tesseract's English model over the page images, in its own PDF output (image + invisible text)."""
    work = out.parent / (out.stem + "-pages")
    work.mkdir(exist_ok=True)
    pngs = page_images(pdf, work, dpi)
    listing = work / "pages.txt"
    listing.write_text("\n".join(str(p) for p in pngs) + "\n")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    subprocess.run(["tesseract", str(listing), str(out.with_suffix("")), "-l", "eng", "pdf"],
                   check=True, capture_output=True, env=env)
    return out
