"""What a document says: the schema, YAML loading with located errors, inline emphasis,
the body's numbering, what the page prints, and YAML output."""
from vanban.model.loader import InputError, Problem, load_dict, load_file, load_model, load_text
from vanban.model.schema import KINDS, ChuKy, CoQuan, KindInfo, Loai, Mau, Muc, NgayThang, VanBan

__all__ = ["InputError", "Problem", "load_dict", "load_file", "load_model", "load_text",
           "KINDS", "KindInfo", "ChuKy", "CoQuan", "Loai", "Mau", "Muc", "NgayThang", "VanBan"]
