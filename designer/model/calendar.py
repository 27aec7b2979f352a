"""Calling-window arithmetic shared by validation, compliance checks and the package."""
from __future__ import annotations

import re
from typing import Optional

_RANGE = re.compile(r"^\s*([01]\d|2[0-4]):([0-5]\d)\s*-\s*([01]\d|2[0-4]):([0-5]\d)\s*$")


def parse_hours_range(text: str) -> Optional[tuple[int, int]]:
    """"09:00-12:00" -> (540, 720) minutes after midnight; None when malformed or empty."""
    m = _RANGE.match(text or "")
    if not m:
        return None
    start = int(m.group(1)) * 60 + int(m.group(2))
    end = int(m.group(3)) * 60 + int(m.group(4))
    if start >= end or end > 24 * 60:
        return None
    return start, end
