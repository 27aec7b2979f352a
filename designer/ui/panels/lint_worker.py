"""The lint worker: one process, started once and kept warm, that runs the checks for the
Problems dock of every window (problems.py). In a thread the checks shared the interpreter
with the window, which ran at half speed for the seconds a large script takes (7.8 s at 10,000
nodes) and froze while the keyword automaton was built.

Each dock has a `Channel` (its own token) and sends down a pipe, as a `_Check`:
- right after an open, while the script is exactly the text its file was read from (every edit
  undone too), that text: the worker reads it as the window did;
- after an edit, a `_Delta` against the script the worker kept for the token: the node, intent
  and variable entries whose value `is not` the one sent last (values are frozen and edits
  replace them), the keys removed, the key order when it moved (it decides which node of two a
  problem names and the order of lists in messages), faq whole when an entry changed, and the
  other fields of Script that are not the same object (source, the file's positions, which
  give the line numbers: edits keep it, only a read replaces it);
- the whole script when the worker has nothing for the token (started again; the token was
  the oldest of MAX_BASES) or anything failed: the worker answers `_NoBase`.
The worker applies the delta to its copy, checks that and keeps it. Its copy equals the dock's
snapshot (the text too: it is sent only while the script is what was read from it), so the
problems are those of a whole send. At 10,000 nodes a one-node edit's check cost this process
4-5 ms (the identity diff; the pickle is 0.1 ms, ~600 bytes) instead of 340-420 ms pickling
the whole script. A whole script is pickled, and the answer read, in 64 KB frames, so the
window's thread gets the interpreter in between.

At exit the worker is ended first (background.on_exit), so that a check waiting for it returns
at once without checking here instead, and no new worker is started."""
from __future__ import annotations

import collections
import dataclasses
import io
import os
import pickle
import subprocess
import sys
import threading
import uuid
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Optional

from designer.analysis.lint import lint_script
from designer.formats.script_yaml import parse_script
from designer.gcpause import collector_paused
from designer.model import Problem, Script
from designer.ui import background

MAX_BASES = 4  # scripts the worker keeps, one per token (a window's dock); the oldest goes

_TABLES = ("nodes", "intents", "variables")  # dict fields: sent entry by entry
_VALUES = tuple(f.name for f in dataclasses.fields(Script)  # the other fields, sent whole
                if f.name not in _TABLES and f.name != "events")


@dataclass(frozen=True)
class _Text:
    """A script as the text of its file (path: where it was read from; file: the name its
    positions carry, as the window read it; path when None)."""
    text: str
    path: Optional[str]
    file: Optional[str] = None


@dataclass(frozen=True)
class _Delta:
    """What changed since the token's script number `base`: values, Script fields replaced
    whole; tables, per dict field: (entries changed or added, keys removed, the key order or
    None when applying the rest gives it)."""
    base: int
    values: dict[str, Any]
    tables: dict[str, tuple[dict, tuple, Optional[tuple]]]


@dataclass(frozen=True)
class _Check:
    """Check `what` (a Script, _Text or _Delta) and keep the script as `token`'s number seq."""
    token: str
    seq: int
    what: object


@dataclass(frozen=True)
class _NoBase:
    """The worker's answer to a delta it cannot apply: send the whole script."""
    reason: str


def _read(source: _Text) -> Script:
    """The script as load_script gave it from that file."""
    script = parse_script(source.text, source.file or source.path or "<script>")
    script.path = os.path.abspath(source.path) if source.path else None
    return script


# ---- deltas ---------------------------------------------------------------------------------
_ABSENT = object()


def diff(old: Script, new: Script, base: int) -> _Delta:
    """The delta that turns old (the script number base, as sent) into new, by identity."""
    values = {name: getattr(new, name) for name in _VALUES
              if getattr(new, name) is not getattr(old, name)}
    if "faq" in values and len(old.faq) == len(new.faq) and all(
            a is b for a, b in zip(old.faq, new.faq)):
        del values["faq"]  # another list (a snapshot's own), the same entries
    tables = {}
    for name in _TABLES:
        change = _table_delta(getattr(old, name), getattr(new, name))
        if change is not None:
            tables[name] = change
    return _Delta(base, values, tables)


def _table_delta(old: dict, new: dict) -> Optional[tuple[dict, tuple, Optional[tuple]]]:
    get = old.get
    changed = {k: v for k, v in new.items() if get(k, _ABSENT) is not v}
    added = [k for k in changed if k not in old]
    removed = [k for k in old if k not in new] if len(old) + len(added) != len(new) else []
    if removed:
        gone = set(removed)
        applied = [k for k in old if k not in gone]
    else:
        applied = list(old)
    applied += added  # update() leaves kept keys in place and appends new ones
    keys = list(new)
    order = tuple(keys) if keys != applied else None
    if not changed and not removed and order is None:
        return None
    return changed, tuple(removed), order


def apply(script: Script, delta: _Delta) -> Script:
    """Change script (the worker's own) by delta, in place."""
    for name, value in delta.values.items():
        if name not in _VALUES:
            raise ValueError(f"no field {name!r} to replace")
        setattr(script, name, value)
    for name, (changed, removed, order) in delta.tables.items():
        if name not in _TABLES:
            raise ValueError(f"no table {name!r}")
        table = getattr(script, name)
        for key in removed:
            del table[key]
        table.update(changed)
        if order is not None:
            if len(order) != len(table):
                raise ValueError(f"the order of {name} has {len(order)} keys, not {len(table)}")
            setattr(script, name, {key: table[key] for key in order})
    return script


# ---- the worker process ---------------------------------------------------------------------
def _serve(read_fd: int, write_fd: int) -> None:
    """The worker process: a pickled script or _Check in, its pickled problems (or an error
    message, or _NoBase) out."""
    conn_in, conn_out = Connection(read_fd, writable=False), Connection(write_fd, readable=False)
    bases: collections.OrderedDict[str, tuple[int, Script]] = collections.OrderedDict()
    while True:
        try:
            data = conn_in.recv_bytes()
        except (EOFError, OSError):  # the window went away (at worst in the middle of a send)
            return
        try:
            result = _answer(pickle.loads(data), bases)
        except Exception as exc:  # a check that crashes is shown as a message, not a crash
            result = f"{type(exc).__name__}: {exc}"
        try:
            conn_out.send_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        except BrokenPipeError:  # the window went away during the check
            return


def _answer(received: object, bases: collections.OrderedDict) -> object:
    if not isinstance(received, _Check):  # not kept
        return lint_script(_read(received) if isinstance(received, _Text) else received)
    kept = bases.pop(received.token, None)  # kept again only when all went well
    what = received.what
    if isinstance(what, _Delta):
        if kept is None or kept[0] != what.base:
            return _NoBase("no script to apply the changes to" if kept is None else
                           f"script {kept[0]} kept, not {what.base}")
        try:
            script = apply(kept[1], what)
        except Exception as exc:
            return _NoBase(f"{type(exc).__name__}: {exc}")
    elif isinstance(what, _Text):
        script = _read(what)
    elif isinstance(what, Script):
        script = what
    else:
        raise TypeError(f"cannot check a {type(what).__name__}")
    problems = lint_script(script)
    bases[received.token] = (received.seq, script)
    while len(bases) > MAX_BASES:
        bases.popitem(last=False)
    return problems


class _Frames:
    """A file for pickle.Pickler: it writes a frame at a time (64 KB) from Python, so the
    interpreter can switch threads between frames (one pickle.dumps of a 10,000-node script
    holds it for half a second)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)


def _dumps(message: object) -> bytes:
    frames = _Frames()
    pickle.Pickler(frames, protocol=pickle.HIGHEST_PROTOCOL).dump(message)
    return b"".join(frames.parts)


class _Reader(io.BytesIO):
    """A file for pickle.Unpickler: the pickle's frames are read from Python, so the window's
    thread gets the interpreter between them too (one pickle.loads of 5,000 problems held it
    35 ms, with the collector running 50-150 ms)."""

    def read(self, size: int = -1) -> bytes:
        return super().read(size)

    def readinto(self, buffer) -> int:
        return super().readinto(buffer)

    def readline(self, size: int = -1) -> bytes:
        return super().readline(size)


def _loads(data: bytes) -> object:
    """The worker's answer: problems, acyclic, so the collector waits (designer/gcpause.py)."""
    with collector_paused():
        return pickle.Unpickler(_Reader(data)).load()


_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))


class _Worker:
    """One lint process: `python -c` importing this module (not multiprocessing's spawn,
    which imports the parent's __main__ again: a script without a main guard would run twice).
    It reads from a pipe: when the window goes away, even killed, it reads EOF and ends;
    close() (also at exit) ends it and reaps it."""

    CLOSE_WAIT_S = 1.0

    def __init__(self) -> None:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_ROOT, env.get("PYTHONPATH")) if p)
        code = (f"from designer.ui.panels.lint_worker import _serve; "
                f"_serve({to_child_r}, {from_child_w})")
        try:
            self.process = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=_ROOT,
                                            pass_fds=(to_child_r, from_child_w),
                                            stdin=subprocess.DEVNULL)
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self._send = Connection(to_child_w, readable=False)
        self._recv = Connection(from_child_r, writable=False)
        self._lock = threading.Lock()

    def alive(self) -> bool:
        return self.process.poll() is None

    def check(self, data: bytes) -> object:
        with self._lock:
            self._send.send_bytes(data)
            return _loads(self._recv.recv_bytes())

    def close(self) -> None:
        """End the worker and close the pipes. A check under way (another thread in check(),
        which holds the lock) is not waited for: the worker is killed, the check reads EOF
        and lets go of the pipes before they are closed (closing a descriptor another thread
        is reading could hand that thread whatever file gets the number next)."""
        if not self._lock.acquire(blocking=False):
            self.process.kill()
            self._lock.acquire()
        try:
            self._send.close()  # the worker reads EOF and ends
            try:
                self.process.wait(self.CLOSE_WAIT_S)
            except subprocess.TimeoutExpired:  # in the middle of a long check
                self.process.kill()
                self.process.wait()
            self._recv.close()
        finally:
            self._lock.release()


_WORKER: Optional[_Worker] = None
_WORKER_LOCK = threading.Lock()


class ChecksStopped(RuntimeError):
    """The application is exiting: no check is made any more."""


def _not_exiting() -> None:
    if background.exiting():
        raise ChecksStopped("the application is closing")


def _worker() -> _Worker:
    global _WORKER
    with _WORKER_LOCK:
        _not_exiting()  # no new process while the application exits
        if _WORKER is not None and not _WORKER.alive():
            _WORKER.close()
            _WORKER = None
        if _WORKER is None:
            _WORKER = _Worker()
        return _WORKER


def _drop_worker(reason: BaseException) -> None:
    """The worker died or could not start: the next check starts a new one."""
    global _WORKER
    with _WORKER_LOCK:
        worker, _WORKER = _WORKER, None
    if worker is not None:
        worker.close()


def _stop_worker() -> None:
    """At exit (background.finish, after exiting() is set): a check waiting for the worker
    reads EOF now, and no check starts another worker."""
    _drop_worker(ChecksStopped("the application is closing"))


background.on_exit(_stop_worker)


def worker_pid() -> Optional[int]:
    """The lint process' id (None before the first check)."""
    return _WORKER.process.pid if _WORKER is not None else None


# ---- the window's side ----------------------------------------------------------------------
class Channel:
    """A dock's line to the worker: its token, and the script the worker keeps for it as this
    process sent it (a snapshot: its containers are its own, its values frozen) with its
    number. One check at a time (the dock runs one)."""

    def __init__(self) -> None:
        self.token = uuid.uuid4().hex
        self.seq = 0  # the number of the last script sent
        self.sent: Optional[Script] = None  # the script the worker keeps, None: nothing
        self.sent_seq = 0  # its number
        self.deltas = self.wholes = 0  # checks answered from a delta / a whole script or text

    def check(self, worker: _Worker, script: Script, text: Optional[_Text] = None) -> object:
        """The worker's answer (problems or an error message) for script, which text (when
        given) is exactly: the text is sent, else the delta when the worker has a base."""
        try:
            self.seq += 1
            if text is None and self.sent is not None:
                delta = diff(self.sent, script, self.sent_seq)
                answer = worker.check(_dumps(_Check(self.token, self.seq, delta)))
                if isinstance(answer, list):
                    self.deltas += 1
                    return self._sent(script, answer)
                # no base there, or an error (the worker dropped the token): the whole script
            answer = worker.check(_dumps(_Check(self.token, self.seq,
                                                script if text is None else text)))
            self.wholes += 1
            return self._sent(script, answer)
        except BaseException:
            self.sent = None
            raise

    def _sent(self, script: Script, answer: object) -> object:
        self.sent = script if isinstance(answer, list) else None
        self.sent_seq = self.seq
        return answer

    def forget(self) -> None:
        """The next check sends the whole script (the worker it had is gone)."""
        self.sent = None


def _result(answer: object) -> list[Problem]:
    if not isinstance(answer, list):
        raise RuntimeError(answer.reason if isinstance(answer, _NoBase) else str(answer))
    return answer


def run_checks(script: Script, channel: Optional[Channel] = None) -> list[Problem]:
    """The checks the dock shows (the same as `callscript lint` without extra policies), done
    by the worker process (through channel: what changed since its last check); in this
    process when no worker can be started."""
    try:
        worker = _worker()
        answer = (channel.check(worker, script) if channel is not None
                  else worker.check(_dumps(script)))
    except (OSError, EOFError, pickle.PickleError) as exc:  # no worker: check here
        _drop_worker(exc)
        _not_exiting()
        return lint_script(script)
    return _result(answer)


def run_checks_on_text(text: str, path: Optional[str], channel: Optional[Channel] = None,
                       script: Optional[Script] = None) -> list[Problem]:
    """run_checks of the script read from text (a file's text, as the window read it into
    script, when given): the worker reads it itself. Right after an open this spares copying
    the whole script to the worker: pickling 10,000 nodes is 0.4 s of this process holding
    the interpreter, which the window waited for in 60-80 ms stalls while it got ready. With
    channel and script, the worker keeps what it read as the base of the next delta."""
    source = _Text(text, path, script.source.file if script is not None else None)
    try:
        worker = _worker()
        answer = (channel.check(worker, script, source)
                  if channel is not None and script is not None
                  else worker.check(pickle.dumps(source, protocol=pickle.HIGHEST_PROTOCOL)))
    except (OSError, EOFError, pickle.PickleError) as exc:  # no worker: check here
        _drop_worker(exc)
        _not_exiting()
        return lint_script(_read(source))
    return _result(answer)
