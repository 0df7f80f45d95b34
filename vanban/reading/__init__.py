"""Reading documents made by anyone: text in Word's reading order, formatting resolved through
styles as Word does (:mod:`.word`, the only .docx reader), and the decree's elements located by what they say
(:mod:`.locate`, for check and import alike; :mod:`.facts` for check). ``check`` judges what this layer finds; ``import`` rebuilds the model from it.

What the page says, whatever the file: :mod:`.page` (blocks, spans, footnotes) made by
:mod:`.lines` (.docx through :mod:`.word`, legacy TCVN3/VNI fonts converted there), :mod:`.pdf` (text
layer, columns rebuilt by :mod:`.geometry`) and :mod:`.ocr` (Tesseract for scanned pages)."""
