"""Rendering: what the page prints → template values → WordprocessingML → .docx bytes.
Templates are built from code (:mod:`.template_builder`) and compiled once (:mod:`.compiled`)."""
from vanban.rendering.renderer import render_bytes

__all__ = ["render_bytes"]
