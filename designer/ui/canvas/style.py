"""How the canvas looks: card geometry (shared with the Qt-free layout), colours, pens."""
from __future__ import annotations

from PySide6.QtGui import QColor, QFont

from designer.analysis.layout import CARD_HEIGHT, CARD_WIDTH

W = CARD_WIDTH
H = CARD_HEIGHT
HEADER = 26.0
FOOTER = 22.0
RADIUS = 7.0
HANDLE_R = 7.0  # the output handle on a card's right edge, dragged to connect

# below this zoom a card is a coloured block and edges lose their labels
LOD_TEXT = 0.3
LOD_LABELS = 0.38
LOD_ARROWS = 0.25  # arrowheads from this zoom on
# below this zoom the arrows are not items any more: the scene draws them all at once, thin
LOD_BATCH = 0.2

BACKGROUND = QColor("#f4f6f9")
GRID = QColor("#e6eaf0")
CARD = QColor("#ffffff")
CARD_BORDER = QColor("#c3ccd8")
SELECTED = QColor("#f39c12")
HIGHLIGHT = QColor("#ff6f00")
PATH = QColor("#fff4d6")
TEXT = QColor("#263238")
MUTED = QColor("#78909c")
START = QColor("#2e7d32")
LIMIT = QColor("#e08a00")

HEADER_COLOURS = {
    "listen": QColor("#2f6fb0"),
    "next": QColor("#5c7080"),
    "hangup": QColor("#b5523b"),
    "transfer": QColor("#7b52ab"),
}

EDGE_COLOURS = {
    "branch": QColor("#3d6ea8"),
    "refusal": QColor("#c0392b"),
    "next": QColor("#607d8b"),
    "no_match": QColor("#e67e22"),
    "no_input": QColor("#8d99a6"),
    "faq": QColor("#8e44ad"),
}


def font(point_size: float, bold: bool = False) -> QFont:
    f = QFont()  # the application font: a CJK-capable family chosen in app.py
    f.setPointSizeF(point_size)
    f.setBold(bold)
    return f


def heat_colour(fraction: float) -> QColor:
    """White-yellow (cold) to red (hot) for 0..1."""
    fraction = max(0.0, min(1.0, fraction))
    cold, hot = QColor("#fff3c4"), QColor("#e53935")
    return QColor(
        round(cold.red() + (hot.red() - cold.red()) * fraction),
        round(cold.green() + (hot.green() - cold.green()) * fraction),
        round(cold.blue() + (hot.blue() - cold.blue()) * fraction),
    )
