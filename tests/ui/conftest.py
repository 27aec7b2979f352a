import os
import shutil

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """Settings and recovery files of this test live in its own folder."""
    monkeypatch.setenv("CALLSCRIPT_SETTINGS_FILE", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("CALLSCRIPT_RECOVERY_DIR", str(tmp_path / "recovery"))
    return tmp_path


@pytest.fixture
def script_file(isolated):
    from window_support import FIXTURE

    path = isolated / "script.yaml"
    shutil.copy(FIXTURE, path)
    return str(path)
