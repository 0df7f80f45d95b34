"""Reading documents: what the page says, from .docx, PDF (text layer or OCR) and legacy encodings."""
