"""NodeItem: the card of one node. It draws what the scene tells it; the scene sees what the
user does to it (move, drag from its handle, double-click); it never edits the model.

Made by the thousand when a large flow is built: no itemChange override (Qt called it about ten
times per card while it was made, each a Python call converting its value; the scene notices
drags itself) and the text laid out when the card is first painted."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QTextLayout, QTextOption
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject, QStyleOptionGraphicsItem, QWidget

from designer.ui import resources
from designer.ui.canvas import style as st


@dataclass(frozen=True)
class CardInfo:
    """What a card shows; computed by the scene from the model (no model object kept here)."""

    node_id: str
    say: str
    kind: str  # listen | next | hangup | transfer
    summary: str  # e.g. "3 branches", "→ goodbye", "transfer → sales"
    audio: str  # ok | missing | none
    is_start: bool = False
    is_limit: bool = False
    placeholder: str = ""  # shown in grey when say is empty


class NodeItem(QGraphicsObject):
    Type = QGraphicsItem.UserType + 1

    def __init__(self, info: CardInfo):
        super().__init__()
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsMovable
                      | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(2)
        self.edges: set = set()  # EdgeItems touching this card, kept by the scene
        self.highlighted = False
        self.on_path = False
        self.heat: Optional[tuple[float, int]] = None  # (0..1, count)
        self.info = info
        self._lines: list[str] = []
        self._title = ""
        self._summary = ""
        self._badges: list[tuple[str, QColor]] = []
        self._laid_out = False
        self.set_info(info)

    def type(self) -> int:
        return NodeItem.Type

    @property
    def node_id(self) -> str:
        return self.info.node_id

    # ---- content --------------------------------------------------------------------------
    def set_info(self, info: CardInfo) -> None:
        self.info = info
        self.setToolTip(f"<b>{info.node_id}</b><br>{_html(info.say) or info.placeholder}")
        self._laid_out = False
        self._changed()

    def _lay_out(self) -> None:
        """The title, wrapped text and summary as painted (on the first paint after set_info)."""
        info = self.info
        self._laid_out = True
        title_fm = _metrics(9.5, True)
        self._badges = [(text, colour) for flag, text, colour in (
            (info.is_limit, self.tr("LIMIT"), st.LIMIT),
            (info.is_start, self.tr("START"), st.START))
            if flag]
        badges = 40 * len(self._badges)
        self._title = title_fm.elidedText(info.node_id, Qt.TextElideMode.ElideRight,
                                          st.W - 20 - badges)
        self._lines = _wrap(info.say or info.placeholder, st.font(9), st.W - 20, 2)
        fm = _metrics(8)
        self._summary = fm.elidedText(info.summary, Qt.TextElideMode.ElideRight, st.W - 44)

    def has_handle(self) -> bool:
        return self.info.kind in ("listen", "next")

    def handle_rect(self) -> QRectF:
        r = st.HANDLE_R
        return QRectF(st.W - r, st.H / 2 - r, 2 * r, 2 * r)

    def in_handle(self, scene_pos: QPointF) -> bool:
        return self.has_handle() and self.handle_rect().adjusted(-3, -3, 3, 3).contains(
            self.mapFromScene(scene_pos))

    def set_state(self, highlighted: Optional[bool] = None, on_path: Optional[bool] = None,
                  heat: Optional[tuple[float, int]] | bool = False) -> None:
        """Simulator / coverage state; `heat=None` clears the heat, False leaves it."""
        if highlighted is not None:
            self.highlighted = highlighted
        if on_path is not None:
            self.on_path = on_path
        if heat is not False:
            self.heat = heat
        self._changed()

    def _changed(self) -> None:
        self.update()
        scene = self.scene()
        if scene is not None:
            scene.cards_changed()

    def far_look(self) -> tuple[QColor, float, QColor, QColor, bool]:
        """(frame colour, frame width, header colour, body colour, start mark): the card as a
        block far away (paint below LOD_TEXT; the scene draws all of them at once further out)."""
        return far_look(self.info.kind, self.info.is_start, self.heat, self.on_path,
                        self.isSelected())

    # ---- geometry -------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        return QRectF(-18, -6, st.W + 18 + st.HANDLE_R + 6, st.H + 12)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, st.W, st.H), st.RADIUS, st.RADIUS)
        if self.has_handle():
            path.addEllipse(self.handle_rect())
        return path

    def mouseDoubleClickEvent(self, event) -> None:
        scene = self.scene()
        if scene is not None:
            scene.node_activated.emit(self.node_id)
        event.accept()

    # ---- painting -------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: Optional[QWidget] = None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        card = QRectF(0, 0, st.W, st.H)
        frame, width, head_colour, body, is_start = self.far_look()
        selected = self.isSelected()
        if lod < st.LOD_TEXT:  # far away: a coloured block is all the eye can use
            painter.setPen(QPen(frame, width))
            painter.setBrush(body)
            painter.drawRect(card)
            painter.fillRect(QRectF(0, 0, st.W, st.HEADER), head_colour)
            if is_start:
                painter.fillRect(QRectF(-14, 0, 10, st.H), st.START)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_frame(painter, card, head_colour, body, selected)
        self._paint_text(painter)
        if self.has_handle():
            painter.setPen(QPen(head_colour, 1.6))
            painter.setBrush(QColor("#ffffff"))
            painter.drawEllipse(self.handle_rect().adjusted(1, 1, -1, -1))

    def _paint_frame(self, painter: QPainter, card: QRectF, head: QColor, body: QColor,
                     selected: bool) -> None:
        if self.highlighted:
            painter.setPen(QPen(st.HIGHLIGHT, 5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(card.adjusted(-3, -3, 3, 3), st.RADIUS + 2, st.RADIUS + 2)
        painter.setPen(QPen(st.SELECTED, 2.5) if selected else QPen(st.CARD_BORDER, 1))
        painter.setBrush(body)
        painter.drawRoundedRect(card, st.RADIUS, st.RADIUS)
        header = QPainterPath()
        header.setFillRule(Qt.FillRule.WindingFill)
        header.addRoundedRect(QRectF(0, 0, st.W, st.HEADER), st.RADIUS, st.RADIUS)
        header.addRect(QRectF(0, st.HEADER / 2, st.W, st.HEADER / 2))
        painter.fillPath(header, head)
        if self.info.is_start:  # an entry arrow pointing into the first card
            tri = QPainterPath()
            tri.moveTo(-16, st.H / 2 - 9)
            tri.lineTo(-3, st.H / 2)
            tri.lineTo(-16, st.H / 2 + 9)
            tri.closeSubpath()
            painter.fillPath(tri, st.START)

    def _paint_text(self, painter: QPainter) -> None:
        if not self._laid_out:
            self._lay_out()
        painter.setFont(st.font(9.5, True))
        painter.setPen(QColor("#ffffff"))
        painter.drawText(QRectF(10, 0, st.W - 20, st.HEADER),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self._title)
        x = st.W - 8
        for text, colour in self._badges:
            x = _badge(painter, x, text, colour)
        painter.setFont(st.font(9))
        painter.setPen(st.TEXT if self.info.say else st.MUTED)
        y = st.HEADER + 5
        for line in self._lines:
            painter.drawText(QRectF(10, y, st.W - 20, 18),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
            y += 18
        foot = st.H - st.FOOTER
        painter.setPen(QPen(QColor("#e3e8ee"), 1))
        painter.drawLine(QPointF(8, foot), QPointF(st.W - 8, foot))
        painter.drawImage(QRectF(10, foot + 3, 16, 16), resources.image(
            {"ok": "audio-ok", "missing": "audio-missing"}.get(self.info.audio, "audio-none"), 32))
        kind_icon = {"listen": "listen", "next": "next", "hangup": "hangup",
                     "transfer": "transfer"}[self.info.kind]
        painter.drawImage(QRectF(30, foot + 3, 16, 16), resources.image(kind_icon, 32))
        painter.setFont(st.font(8))
        painter.setPen(st.MUTED)
        painter.drawText(QRectF(50, foot, st.W - 60, st.FOOTER),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self._summary)
        if self.heat is not None:
            _badge(painter, st.W - 8, str(self.heat[1]), st.HIGHLIGHT, y=foot + 3)


def card_kind(node) -> str:
    """listen | next | hangup | transfer: what kind of card a model node shows as."""
    if node.end is not None:
        return "transfer" if node.end == "transfer" else "hangup"
    return "next" if node.next is not None else "listen"


def far_look(kind: str, is_start: bool, heat: Optional[tuple[float, int]], on_path: bool,
             selected: bool = False) -> tuple[QColor, float, QColor, QColor, bool]:
    """NodeItem.far_look for a card of that kind and state (the scene draws cards not built
    yet with it too)."""
    head = st.HEADER_COLOURS.get(kind, st.HEADER_COLOURS["listen"])
    body = st.CARD
    if heat is not None:
        body = st.heat_colour(heat[0])
    elif on_path:
        body = st.PATH
    if selected:
        return st.SELECTED, 6.0, head, body, is_start
    return head, 2.0, head, body, is_start


def _badge(painter: QPainter, right: float, text: str, colour: QColor, y: float = 5) -> float:
    """A small rounded tag ending at x=right; returns where the next tag may end."""
    painter.setFont(st.font(7, True))
    width = QFontMetricsF(painter.font()).horizontalAdvance(text) + 10
    rect = QRectF(right - width, y, width, 16)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(QColor("#ffffff")))
    painter.drawRoundedRect(rect, 4, 4)
    painter.setPen(colour)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    return right - width - 4


def _wrap(text: str, font, width: float, max_lines: int) -> list[str]:
    """Break text into at most max_lines lines of width; the last one elided with …"""
    text = " ".join(text.split())
    if not text:
        return []
    layout = QTextLayout(text, font)
    opt = QTextOption()
    opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(opt)
    layout.beginLayout()
    lines: list[str] = []
    while len(lines) < max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        start, length = line.textStart(), line.textLength()
        if len(lines) == max_lines - 1:
            # elidedText lays out all it is given: a long say cost 0.2 ms a card. No glyph
            # is under 2 px wide, so more than width / 2 characters never fit anyway.
            rest = text[start:start + int(width / 2) + 8]
            elided = QFontMetricsF(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
            if elided == rest and start + len(rest) < len(text):
                elided = rest[:-1] + "…"
            lines.append(elided)
        else:
            lines.append(text[start:start + length])
    layout.endLayout()
    return lines


_METRICS: dict[tuple[float, bool], QFontMetricsF] = {}


def _metrics(point_size: float, bold: bool = False) -> QFontMetricsF:
    """Font metrics of style.font(point_size, bold), made once."""
    fm = _METRICS.get((point_size, bold))
    if fm is None:
        fm = _METRICS[(point_size, bold)] = QFontMetricsF(st.font(point_size, bold))
    return fm


def _html(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
