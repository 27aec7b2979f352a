"""The application's settings (QSettings) and the recent-files list kept in them.

CALLSCRIPT_SETTINGS_FILE names an INI file to use instead of the user's settings (tests)."""
from __future__ import annotations

import os
from typing import Optional

from PySide6.QtCore import QSettings

MAX_RECENT = 10


def app_settings() -> QSettings:
    path = os.environ.get("CALLSCRIPT_SETTINGS_FILE")
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings()  # organisation and application names are set in app.py


def recent_files(settings: Optional[QSettings] = None) -> list[str]:
    settings = settings or app_settings()
    value = settings.value("files/recent", [])
    if isinstance(value, str):  # QSettings gives a lone string for a one-item list
        value = [value]
    return [str(v) for v in (value or []) if v]


def add_recent_file(path: str, settings: Optional[QSettings] = None) -> list[str]:
    settings = settings or app_settings()
    path = os.path.abspath(path)
    files = [path] + [f for f in recent_files(settings) if f != path]
    settings.setValue("files/recent", files[:MAX_RECENT])
    settings.sync()
    return files[:MAX_RECENT]


def remove_recent_file(path: str, settings: Optional[QSettings] = None) -> list[str]:
    settings = settings or app_settings()
    files = [f for f in recent_files(settings) if f != os.path.abspath(path)]
    settings.setValue("files/recent", files)
    settings.sync()
    return files


def autosave_interval_ms() -> int:
    """30 s, or CALLSCRIPT_AUTOSAVE_MS (tests use a short interval)."""
    try:
        return max(50, int(os.environ.get("CALLSCRIPT_AUTOSAVE_MS", "30000")))
    except ValueError:
        return 30000
