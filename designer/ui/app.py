"""The QApplication: names for QSettings, a font that has Chinese glyphs, translations."""
from __future__ import annotations

import atexit
import sys
from typing import Optional, Sequence

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from designer.ui import resources
from designer.ui.i18n import install_translator

ORGANIZATION = "CallScript"
DOMAIN = "callscript.example"
APPLICATION = "CallScript Studio"

# Families that carry simplified and traditional Chinese, best first. Without one of them
# every Chinese glyph is a box (fonts-wqy-microhei is the small one tools/bootstrap.sh installs).
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
                "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Noto Sans SC",
                "WenQuanYi Zen Hei", "SimHei")


def create_app(argv: Optional[Sequence[str]] = None) -> QApplication:
    """The application object (the existing one when there is one, as under pytest-qt)."""
    QApplication.setOrganizationName(ORGANIZATION)
    QApplication.setOrganizationDomain(DOMAIN)
    QApplication.setApplicationName(APPLICATION)
    app = QApplication.instance() or QApplication(list(argv if argv is not None else sys.argv))
    app.setApplicationDisplayName(APPLICATION)
    install_message_handler()
    app.setWindowIcon(resources.icon("app"))
    choose_font(app)
    install_translations(app)
    return app


def cjk_family() -> Optional[str]:
    available = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in available:
            return family
    return None


def choose_font(app: QApplication) -> QFont:
    """The UI font with a CJK family behind it: Latin text keeps the platform's look and
    Chinese glyphs come from the CJK family instead of boxes."""
    font = QFont(app.font())
    cjk = cjk_family()
    if cjk:
        families = [f for f in font.families() if f != cjk] or [font.family()]
        font.setFamilies(families + [cjk])
    if font.pointSizeF() < 9:
        font.setPointSizeF(9)
    app.setFont(font)
    return font


def install_translations(app: QApplication, language: Optional[str] = None) -> str:
    """Install the interface translation (resources/translations/callscript_LANG.qm): the
    language saved in the preferences unless one is given; returns the language in use."""
    return install_translator(app, language)


# Qt's notes that say nothing to a user: the offscreen platform cannot resize windows to their
# hints (once per dock), QtMultimedia looked for PipeWire on a system that uses PulseAudio.
QUIET = ("propagateSizeHints", "pipewire-0.3")


def install_message_handler() -> None:
    """Qt's messages through _quiet_noise until the interpreter exits. At exit Qt's own
    handler is put back: a message Qt writes while Python finalizes or after it (a thread
    of a pool, a destructor) must not call a Python function then."""
    global _removal_registered
    qInstallMessageHandler(_quiet_noise)
    if not _removal_registered:
        _removal_registered = True
        atexit.register(qInstallMessageHandler, None)


_removal_registered = False


def _quiet_noise(kind: QtMsgType, context, message: str) -> None:
    """Pass Qt's messages on to stderr, but for the known noise in QUIET."""
    if any(noise in message for noise in QUIET):
        return
    sys.stderr.write(message + "\n")
