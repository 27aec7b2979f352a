"""Helpers for the audio tests: build small scripts, start a private PulseAudio server that gives
Qt a real microphone on a machine without sound hardware, and drive QtRecorder/QtPlayer in a
child process.

Why a child process: Qt connects to the sound server once per process, the first time any
QtMultimedia object is used, and never again. Running each device scenario in its own process
makes "with a microphone" and "without any device" both real and independent of test order.

The private server (PulseServer) runs as root without a system config (`-n`), in its own
runtime folder, and loads:
  speaker     a null sink: where playback goes
  microphone  a module-pipe-source (16 kHz mono 16-bit) fed by a thread of the test process
              with a 440 Hz tone in real time; with tone=False a module-null-source (a silent
              microphone). Measured: Qt lists no monitor sources, gets nothing from
              module-sine-source, and a null sink playing module-sine runs at 2 s latency, so
              a remapped monitor delivers almost nothing to Qt; the paced pipe works.
It is stopped by the pid it wrote, never by name.

Run as a script (the child process):  python tests/audio_support.py record OUT.wav MS
                                      python tests/audio_support.py play FILE
prints one JSON line with what happened.
"""
from __future__ import annotations

import array
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]


# ---- scripts ---------------------------------------------------------------------------------
def make_script(folder: Path, **overrides):
    """A small saved Chinese script (Script object with .path inside folder)."""
    from designer.model import FaqEntry, Handler, Intent, Limits, Node, Script, Variable, Voice

    script = Script(
        name="测试回访", language="zh-CN",
        voice=Voice("pyttsx3", "cmn-latn-pinyin", 170),
        limits=Limits(on_limit="goodbye"),
        variables={"customer_name": Variable("客户称呼", "王先生")},
        intents={"affirm": Intent("肯定", keywords=("是的", "好的")),
                 "ask_price": Intent("问价格", keywords=("多少钱",))},
        start="opening",
        nodes={
            "opening": Node(say="您好{customer_name}，我是安居地产的AI语音助手，想问您还有看房需要吗？",
                            branches=(), no_match=Handler(reply="不好意思我没听清。")),
            "goodbye": Node(say="好的，不打扰您了，再见。", end="hangup"),
        },
        faq=[FaqEntry("ask_price", "均价一万三千元一平方米。")],
    )
    for key, value in overrides.items():
        setattr(script, key, value)
    folder.mkdir(parents=True, exist_ok=True)
    script.path = str(folder / "script.yaml")
    Path(script.path).write_text("# saved by the test\n", encoding="utf-8")
    return script


def write_tone(path: Path, seconds: float = 1.0, rate: int = 44100, channels: int = 2,
               lead_silence: float = 0.5, freq: float = 440.0, amplitude: float = 0.3) -> Path:
    """A WAV of silence, a sine tone, silence: a stand-in for a recording."""
    from pydub import AudioSegment
    from pydub.generators import Sine

    if amplitude > 0:
        tone = Sine(freq, sample_rate=rate).to_audio_segment(duration=int(seconds * 1000))
        tone = tone.apply_gain(20 * math.log10(amplitude) - tone.max_dBFS)
    else:
        tone = AudioSegment.silent(duration=int(seconds * 1000), frame_rate=rate)
    pad = AudioSegment.silent(duration=int(lead_silence * 1000), frame_rate=rate)
    seg = (pad + tone + pad).set_channels(channels).set_frame_rate(rate)
    path.parent.mkdir(parents=True, exist_ok=True)
    seg.export(str(path), format="wav")
    return path


# ---- a private PulseAudio server -------------------------------------------------------------
class PulseServer:
    RATE = 16000

    def __init__(self, tone: bool = True) -> None:
        self.tone = tone
        self.dir = Path(tempfile.mkdtemp(prefix="cs-pa-"))  # short: unix socket paths are
        self.runtime = self.dir / "run"                     # limited to 108 bytes
        self.socket = self.runtime / "pulse" / "native"
        self.fifo = self.dir / "mic.fifo"
        self.pid: Optional[int] = None
        self._stop_tone = threading.Event()
        self._tone_thread: Optional[threading.Thread] = None

    @property
    def env(self) -> dict:
        env = dict(os.environ)
        env.update(XDG_RUNTIME_DIR=str(self.runtime), PULSE_SERVER=f"unix:{self.socket}",
                   HOME=str(self.dir), PULSE_RUNTIME_PATH=str(self.runtime / "pulse"))
        env.pop("PULSE_COOKIE", None)
        return env

    def start(self) -> "PulseServer":
        exe = shutil.which("pulseaudio")
        if exe is None:
            raise RuntimeError("pulseaudio is not installed: tools/bootstrap.sh --test installs it")
        self.runtime.mkdir(parents=True, mode=0o700)
        mic = (f"module-pipe-source source_name=microphone file={self.fifo} format=s16le "
               f"rate={self.RATE} channels=1"
               if self.tone else "module-null-source source_name=microphone")
        modules = [f"module-native-protocol-unix socket={self.socket} auth-anonymous=1",
                   "module-null-sink sink_name=speaker", mic]
        # exits on its own a minute after its last client, should this process be killed
        # before stop() (stop() ends it at once, by the pid it wrote)
        cmd = [exe, "--daemonize=yes", "--system=false", "-n", "--exit-idle-time=60",
               "--use-pid-file=yes", "--log-target=stderr", "--log-level=error"]
        cmd += [f"--load={m}" for m in modules]
        proc = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=20)
        if proc.returncode != 0:
            raise RuntimeError(f"pulseaudio did not start: {proc.stderr.strip()}")
        pid_file = self.runtime / "pulse" / "pid"
        for _ in range(100):
            if pid_file.exists() and self.socket.exists():
                break
            time.sleep(0.05)
        self.pid = int(pid_file.read_text().split()[0])
        for cmd in (["pactl", "set-default-source", "microphone"],
                    ["pactl", "set-default-sink", "speaker"]):
            subprocess.run(cmd, env=self.env, capture_output=True, timeout=10, check=True)
        if self.tone:
            self._tone_thread = threading.Thread(target=self._feed_tone, daemon=True)
            self._tone_thread.start()
        return self

    def _feed_tone(self) -> None:
        """Write a 440 Hz tone into the pipe at the pace of real time (20 ms chunks)."""
        chunk, written = self.RATE // 50, 0
        try:
            with open(self.fifo, "wb", buffering=0) as pipe:
                t0 = time.monotonic()
                while not self._stop_tone.is_set():
                    samples = array.array("h", (
                        int(12000 * math.sin(2 * math.pi * 440 * (written + i) / self.RATE))
                        for i in range(chunk)))
                    pipe.write(samples.tobytes())
                    written += chunk
                    delay = t0 + written / self.RATE - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
        except OSError:  # the server went away: nothing more to feed
            pass

    def stop(self) -> None:
        self._stop_tone.set()
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGTERM)
                for _ in range(60):
                    os.kill(self.pid, 0)
                    time.sleep(0.05)
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.pid = None
        if self._tone_thread is not None:
            self._tone_thread.join(timeout=5)
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> "PulseServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def no_sound_server_env(folder: Path) -> dict:
    """An environment in which Qt finds no sound server at all (no device of any kind)."""
    runtime = folder / "empty-run"
    runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
    env = dict(os.environ)
    env.update(XDG_RUNTIME_DIR=str(runtime), PULSE_SERVER=f"unix:{runtime}/no-such-socket",
               HOME=str(folder))
    return env


def run_child(args: list[str], env: dict, timeout: float = 30) -> dict:
    """Run this file as a child process; return the JSON it printed last."""
    env = dict(env)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve())] + args, env=env,
                          capture_output=True, text=True, timeout=timeout)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    assert proc.returncode == 0 and lines, f"child failed: {proc.stdout}\n{proc.stderr}"
    return json.loads(lines[-1])


# ---- the child process -----------------------------------------------------------------------
def _child_record(out: str, ms: int) -> dict:
    from PySide6.QtCore import QCoreApplication, QTimer

    from designer.ui.audio_qt import QtRecorder

    app = QCoreApplication.instance() or QCoreApplication([])
    rec = QtRecorder()
    result: dict = {"reason": rec.unavailable_reason(), "errors": [], "levels": [],
                    "finished": None}
    rec.error.connect(result["errors"].append)
    rec.level_changed.connect(lambda v: result["levels"].append(round(v, 4)))
    rec.finished.connect(lambda p: (result.__setitem__("finished", p), app.quit()))
    result["started"] = rec.start(out)
    if result["started"]:
        QTimer.singleShot(ms, rec.stop)
        QTimer.singleShot(ms + 8000, app.quit)  # never hang a test run
        app.exec()
    result["exists"] = os.path.exists(out)
    return result


def _child_play(path: str) -> dict:
    from PySide6.QtCore import QCoreApplication, QTimer

    from designer.ui.audio_qt import QtPlayer

    app = QCoreApplication.instance() or QCoreApplication([])
    player = QtPlayer()
    result: dict = {"errors": [], "finished": False}
    player.error.connect(lambda m: (result["errors"].append(m), app.quit()))
    player.finished.connect(lambda: (result.__setitem__("finished", True), app.quit()))
    t0 = time.monotonic()
    result["started"] = player.play(path)
    if result["started"]:
        QTimer.singleShot(15000, app.quit)
        app.exec()
    result["seconds"] = round(time.monotonic() - t0, 2)
    return result


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if sys.argv[1] == "record":
        print(json.dumps(_child_record(sys.argv[2], int(sys.argv[3]))))
    elif sys.argv[1] == "play":
        print(json.dumps(_child_play(sys.argv[2])))
