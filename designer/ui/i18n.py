"""The user interface language: English (the source strings) or Simplified Chinese.

The choice is kept in the settings key "ui/language": "system" (the default: Chinese when the
system locale is any Chinese one, else English), "en" or "zh_CN". It is read once at start-up,
before any window is built, so a change takes effect on the next start.
"""
from __future__ import annotations

import os
from typing import Optional

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from designer.ui.settings import app_settings

SETTINGS_KEY = "ui/language"
LANGUAGES = ("system", "en", "zh_CN")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TRANSLATIONS_DIR = os.path.join(ROOT, "resources", "translations")

_installed: list[QTranslator] = []
_active = "en"  # the language install_translator put in place


def active_language() -> str:
    """"en" or "zh_CN": the language of the interface now (install_translator's result). The
    Problems panel renders problem messages in it (designer/model/messages)."""
    return _active


def saved_language(settings: Optional[QSettings] = None) -> str:
    """The language choice in the settings; "system" when unset or unknown."""
    value = str((settings or app_settings()).value(SETTINGS_KEY, "system") or "system")
    return value if value in LANGUAGES else "system"


def save_language(language: str, settings: Optional[QSettings] = None) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown interface language {language!r}")
    settings = settings or app_settings()
    settings.setValue(SETTINGS_KEY, language)
    settings.sync()


def resolve_language(language: str, system: Optional[QLocale] = None) -> str:
    """"en" or "zh_CN": the language a choice means on this system."""
    if language != "system":
        return language if language in LANGUAGES else "en"
    name = (system or QLocale.system()).name()
    return "zh_CN" if name.lower().startswith("zh") else "en"


def translation_file(code: str) -> str:
    return os.path.join(TRANSLATIONS_DIR, f"callscript_{code}.qm")


def install_translator(app: QCoreApplication, language: Optional[str] = None) -> str:
    """Install the translation of the chosen language (None: the saved choice) into app,
    replacing one installed before; returns the language now in use ("en" or "zh_CN").
    A missing translation file leaves the interface in English."""
    global _active
    code = resolve_language(language if language is not None else saved_language())
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    _active = "en"
    if code == "en":
        return code
    ours = QTranslator(app)
    if not ours.load(translation_file(code)):
        return "en"
    app.installTranslator(ours)
    _installed.append(ours)
    _active = code
    qt_base = QTranslator(app)  # Qt's own strings: standard buttons, file dialogs
    if qt_base.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_base)
        _installed.append(qt_base)
    return code
