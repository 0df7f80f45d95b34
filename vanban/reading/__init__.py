"""Reading documents made by anyone: text in Word's reading order, formatting resolved through
styles as Word does (:mod:`.docxread`), and the decree's elements located by what they say
(:mod:`.facts`). ``check`` judges what this layer finds; ``import`` rebuilds the model from it.

What the page says, whatever the file: :mod:`.page` (blocks, spans, footnotes) made by
:mod:`.docxpage` (.docx, legacy TCVN3/VNI fonts through :mod:`.legacy`), :mod:`.pdf` (text
layer, columns rebuilt by :mod:`.geometry`) and :mod:`.ocr` (Tesseract for scanned pages)."""
