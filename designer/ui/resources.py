"""Icons (SVG files in resources/icons/, loaded by path) and rendered pixmaps, cached."""
from __future__ import annotations

import os
from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ICON_DIR = os.path.join(ROOT, "resources", "icons")


def icon_path(name: str) -> str:
    return os.path.join(ICON_DIR, name + ".svg")


@lru_cache(maxsize=None)
def icon(name: str) -> QIcon:
    """The icon resources/icons/NAME.svg (an empty icon when the file is missing)."""
    path = icon_path(name)
    return QIcon(path) if os.path.exists(path) else QIcon()


@lru_cache(maxsize=None)
def image(name: str, size: int) -> QImage:
    """NAME.svg rendered once at size x size pixels (device independent), for painting."""
    img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(icon_path(name))
    if renderer.isValid():
        painter = QPainter(img)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
    return img


def pixmap(name: str, size: int) -> QPixmap:
    return QPixmap.fromImage(image(name, size))
