"""Background synthesis for the window: run synthesize_prompts in a thread, with progress and
cancellation, without Qt (designer.ui.audio_qt wraps it in Qt signals).

    job = SynthesisJob(script, ids=None, force=False, on_progress=cb, on_done=cb)
    job.start(); ...; job.cancel(); job.wait()

on_progress(done, total, prompt_id) and on_done(report_or_None, error_message_or_None) are
called from the worker thread. The script's prompts are read when the job starts; edits made
while it runs show up as stale afterwards, never as a mixed file.
"""
from __future__ import annotations

import threading
from typing import Callable, Iterable, Optional

from designer.audio.errors import AudioError
from designer.audio.synthesis import SynthesisReport, synthesize_prompts
from designer.model import Script


class SynthesisJob:
    def __init__(self, script: Script, ids: Optional[Iterable[str]] = None, force: bool = False,
                 on_progress: Optional[Callable[[int, int, Optional[str]], None]] = None,
                 on_done: Optional[Callable[[Optional[SynthesisReport], Optional[str]],
                                            None]] = None) -> None:
        self._script = script.copy()
        self._ids = list(ids) if ids is not None else None
        self._force = force
        self._on_progress = on_progress
        self._on_done = on_done
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name="callscript-synthesis",
                                        daemon=True)
        self.report: Optional[SynthesisReport] = None
        self.error: Optional[str] = None

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        """Stop after the prompt being synthesized now."""
        self._cancel.set()

    def wait(self, timeout: Optional[float] = None) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        try:
            self.report = synthesize_prompts(self._script, self._ids, self._force,
                                             progress=self._on_progress, cancel=self._cancel)
        except AudioError as exc:
            self.error = str(exc)
        except Exception as exc:  # a worker thread must always report back to the window
            self.error = f"synthesis failed: {exc}"
        if self._on_done is not None:
            self._on_done(self.report, self.error)
