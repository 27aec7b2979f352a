"""The pinned Qt binding keeps Python's own objects intact: PySide6 6.12.0's wheels stole a
reference to None/True on every void call and emit on Python 3.11, and the designer aborted
("none_dealloc") after some thousands of canvas updates. Run in a child process: a regression
kills that process, not the test run."""
import os
import subprocess
import sys

CHILD = r"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
class Source(QObject):
    ping = Signal(bool)
source = Source()
source.ping.connect(lambda flag: None)
before = sys.getrefcount(None), sys.getrefcount(True)
for _ in range(20000):
    label.setText("x")
    source.ping.emit(True)
after = sys.getrefcount(None), sys.getrefcount(True)
print(before[0] - after[0], before[1] - after[1])
"""


def test_thousands_of_qt_calls_leave_none_and_true_alone():
    proc = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    lost_none, lost_true = (int(x) for x in proc.stdout.split())
    assert lost_none < 100 and lost_true < 100  # 6.12.0 loses 20,000 of each (and aborts)
