"""Numbers stated as facts («۵٬۵۶۷ نفر», «۰٫۱٪», «۷ میلیارد دلار») with their units and offsets.

Matched in the original text (offsets index into it). Persian and Arabic digits, the Persian thousands
separator «٬» and decimal separator «٫», and the comma-as-decimal of some outlets («0,1٪») are read.
"""

from __future__ import annotations

import re

from relgraph.model import Quantity, Sentence

__all__ = ["UNITS", "find_quantities"]

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_NUM = r"[0-9۰-۹٠-٩]+(?:[.,٫٬/][0-9۰-۹٠-٩]+)*"
UNITS = ("٪", "%", "درصد", "نفر", "دلار", "یورو", "ریال", "تومان", "تن", "کیلومتر", "بشکه", "میلیون", "میلیارد", "هزار")
_RE = re.compile(rf"(?P<num>{_NUM})\s?(?P<unit>{'|'.join(UNITS)})")
_SCALE = {"هزار": 1e3, "میلیون": 1e6, "میلیارد": 1e9}


def _value(raw: str, unit: str) -> float | None:
    s = raw.translate(_DIGITS).replace("٬", ",").replace("٫", ".")
    if "/" in s:
        return None  # a date, not a quantity
    if unit in ("٪", "%", "درصد") and s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")  # «0,1٪»: comma as decimal separator
    else:
        s = s.replace(",", "")
    try:
        return float(s)
    except ValueError:
        return None


def find_quantities(text: str, sentences: tuple[Sentence, ...]) -> list[Quantity]:
    out: list[Quantity] = []
    for sent in sentences:
        for m in _RE.finditer(text, sent.start, sent.end):
            unit = m.group("unit")
            value = _value(m.group("num"), unit)
            if value is None:
                continue
            tail = text[m.end(): m.end() + 12].strip()
            if unit in _SCALE:
                for u in ("نفر", "دلار", "یورو", "ریال", "تومان", "تن", "بشکه"):
                    if tail.startswith(u):
                        value, unit = value * _SCALE[unit], u
                        break
                else:
                    value *= _SCALE[unit]
                    unit = None  # type: ignore[assignment]
            unit = {"%": "percent", "٪": "percent", "درصد": "percent"}.get(unit, unit) if unit else None
            out.append(Quantity(start=m.start(), end=m.end(), text=m.group(0), value=value, unit=unit,
                                sentence=sent.index))
    return out
