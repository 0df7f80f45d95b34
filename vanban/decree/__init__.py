"""The decree's rules, pure: Vietnamese writing rules (:mod:`.vn`), the layout numbers and the
ranges the decree allows (:mod:`.layout`), units (:mod:`.units`) and printed text width
(:mod:`.metrics`). Nothing here reads a file or knows the document model."""
