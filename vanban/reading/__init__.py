"""Reading documents made by anyone: text in Word's reading order, formatting resolved through
styles as Word does (:mod:`.docxread`), and the decree's elements located by what they say
(:mod:`.facts`). ``check`` judges what this layer finds; ``import`` rebuilds the model from it."""
