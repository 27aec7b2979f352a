"""Reading a dialer package safely: a package may come from anywhere, so nothing in it is
trusted until checked, and reading it never writes a file.

    read_package(path) -> Package       PackageError (one clear line naming the entry) when
                                        the package is refused

Members are read into memory, never extracted. Refused, before anything is decompressed:
entries with an absolute path, a drive letter, `..` or empty segments, backslashes or control
characters; symbolic links and other special files (zip external attributes); duplicate names
(also when they differ only in letter case); encrypted entries and compression methods other
than stored/deflated; declared sizes beyond the limits (per entry, in total, and a
compression ratio no audio or JSON file reaches: zip bombs); more entries than a package can
have. Then, while reading: more data than declared, a CRC error, files not listed in the
manifest, listed files missing, a byte count or sha256 that differs from the manifest, a
manifest or script.json that does not match its JSON Schema (resources/schemas/), a script that
does not validate or whose prompt list differs from the script, audio that is not 8000 Hz
mono 16-bit PCM, a prompt without its audio.
"""
from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
import stat
import wave
import zipfile
from dataclasses import dataclass, field
from typing import Any, Optional

from designer.formats.package import (
    PACKAGE_FORMAT, PACKAGE_VERSION, SCRIPT_FORMAT, SCRIPT_VERSION, compile_script,
    normalized_keywords, prompt_audio_name, script_from_compiled, spoken_prompt_ids,
)
from designer.model import Script, ScriptFileError

MAX_PACKAGE_BYTES = 512 * 1024 * 1024  # the zip file itself
MAX_ENTRIES = 10_000
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # one member, uncompressed
MAX_JSON_BYTES = 16 * 1024 * 1024  # manifest.json, script.json
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # all members, uncompressed
MAX_RATIO = 200  # uncompressed / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 64 * 1024
MAX_NAME = 255
_CHUNK = 64 * 1024

SCHEMA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "resources", "schemas")
_ALLOWED_NAME = re.compile(r"^(manifest\.json|script\.json|audio/[^/]+\.wav|vxml/[^/]+\.vxml)$")


class PackageError(Exception):
    """A refused package: the message names the package and, where there is one, the entry."""

    def __init__(self, path: str, message: str, entry: Optional[str] = None):
        self.path = path
        self.entry = entry
        where = f"{path}: refused" + (f": entry {entry!r}" if entry is not None else "")
        super().__init__(f"{where}: {message}")


@dataclass
class Package:
    path: str
    manifest: dict
    compiled: dict  # script.json
    script: Script
    files: dict[str, bytes] = field(default_factory=dict, repr=False)  # every member's bytes
    warnings: list[str] = field(default_factory=list)

    @property
    def prompts(self) -> dict[str, dict]:
        return {p["id"]: p for p in self.compiled.get("prompts", [])}

    def audio_for(self, prompt_id: Optional[str]) -> Optional[str]:
        """The package path of a prompt's audio (audio/<id>.wav), None when it has none."""
        if prompt_id is None:
            return None
        name = prompt_audio_name(prompt_id)
        return name if name in self.files else None

    def read(self, name: str) -> bytes:
        return self.files[name]


def read_package(path: str) -> Package:
    """Open, check and load a package (see the module docstring). Never writes anything."""
    fail = functools.partial(PackageError, path)
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise fail(f"cannot read it ({exc.strerror or exc})") from None
    if os.path.isdir(path):
        raise fail("is a folder, not a package file")
    if size > MAX_PACKAGE_BYTES:
        raise fail(f"is {size // (1024 * 1024)} MB; a package may be at most "
                   f"{MAX_PACKAGE_BYTES // (1024 * 1024)} MB")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise fail(f"not a zip file ({exc})") from None
    with zf:
        infos = _check_entries(zf.infolist(), fail)
        files = {info.filename: _read_member(zf, info, fail) for info in infos}
    manifest = _load_json(files, "manifest.json", fail)
    _check_manifest_header(manifest, fail)
    _validate("manifest", manifest, "manifest.json", fail)
    _check_listing(manifest, files, fail)
    compiled = _load_json(files, "script.json", fail)
    if manifest["script"]["sha256"] != manifest_sha(manifest, "script.json"):
        raise fail("the manifest's script.sha256 is not the sha256 of script.json",
                   "script.json")
    _check_compiled_header(compiled, fail)
    _validate("script", compiled, "script.json", fail)
    script = _load_script(compiled, path, fail)
    if compiled["prompts"] != compile_script(script)["prompts"]:
        raise fail("its prompt list does not match its script (a prompt's text, kind or audio "
                   "differs from what the script says)", "script.json")
    package = Package(os.path.abspath(path), manifest, compiled, script, files)
    _check_audio(package, fail)
    if compiled.get("normalized", {}).get("intents") != normalized_keywords(script)["intents"]:
        package.warnings.append("the package's normalized keywords differ from what this "
                                "version of the engine computes: it was made by another "
                                "version; the engine uses its own normalization")
    return package


# ---- entries -----------------------------------------------------------------------------------
def _check_entries(infos: list[zipfile.ZipInfo], fail) -> list[zipfile.ZipInfo]:
    """Refuse hostile entries from the central directory alone, before reading any data.
    Returns the file entries (directory entries carry nothing and are skipped)."""
    if len(infos) > MAX_ENTRIES:
        raise fail(f"has {len(infos)} entries; a package has at most {MAX_ENTRIES}")
    seen: dict[str, str] = {}
    files, total = [], 0
    for info in infos:
        name = info.filename
        _check_name(name, fail)
        folded = name.casefold()
        if folded in seen:
            if seen[folded] == name:
                raise fail("appears twice in the zip (duplicate entry name)", name)
            raise fail(f"differs from entry {seen[folded]!r} only in letter case", name)
        seen[folded] = name
        mode = info.external_attr >> 16
        kind = stat.S_IFMT(mode)
        if kind == stat.S_IFLNK:
            raise fail("is a symbolic link; a package holds plain files only", name)
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise fail("is a special file (device, pipe or socket); a package holds plain "
                       "files only", name)
        if info.flag_bits & 0x1:
            raise fail("is encrypted", name)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise fail(f"uses compression method {info.compress_type}; packages use stored "
                       "or deflated members", name)
        if info.is_dir():
            if info.file_size:
                raise fail("is a folder entry that holds data", name)
            continue
        _check_size(info, fail)
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise fail(f"the members declare more than {MAX_TOTAL_BYTES // (1024 * 1024)} MB "
                       "in total, more than any package holds (zip bomb?)")
        files.append(info)
    return files


def _check_name(name: str, fail) -> None:
    if not name:
        raise fail("has an empty name", name)
    if len(name) > MAX_NAME:
        raise fail(f"has a name longer than {MAX_NAME} characters", name[:40] + "...")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise fail("has control characters in its name", name)
    if "\\" in name:
        raise fail("has a backslash in its name (a Windows path); package paths use '/'", name)
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise fail("has an absolute path; package paths are relative", name)
    segments = name.rstrip("/").split("/")
    if ".." in segments:
        raise fail("has a path that leaves the package ('..')", name)
    if any(seg in ("", ".") for seg in segments):
        raise fail("has an empty or '.' path segment", name)


def _check_size(info: zipfile.ZipInfo, fail) -> None:
    name, size = info.filename, info.file_size
    limit = MAX_JSON_BYTES if name.endswith(".json") else MAX_ENTRY_BYTES
    if size > limit:
        raise fail(f"declares {size} bytes; a package member may be at most {limit} bytes",
                   name)
    if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
        raise fail(f"expands {size // max(info.compress_size, 1)}:1 when decompressed (at most "
                   f"{MAX_RATIO}:1 is allowed; zip bomb?)", name)


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, fail) -> bytes:
    """Read one member into memory, never more than it declared (zipfile checks the CRC)."""
    out = bytearray()
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                out += chunk
                if len(out) > info.file_size:
                    raise fail("holds more data than its header declares", info.filename)
    except PackageError:
        raise
    except Exception as exc:  # BadZipFile (CRC), zlib.error, EOFError...: never a traceback
        raise fail(f"cannot be read, it is damaged ({exc})", info.filename) from None
    if len(out) != info.file_size:
        raise fail(f"holds {len(out)} bytes but declares {info.file_size}", info.filename)
    return bytes(out)


# ---- manifest and script ---------------------------------------------------------------------
def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict:
    out: dict = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"key {k!r} appears twice")
        out[k] = v
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _load_json(files: dict[str, bytes], name: str, fail) -> Any:
    if name not in files:
        raise fail(f"has no {name}; is this a callscript package?")
    try:
        return json.loads(files[name].decode("utf-8"), object_pairs_hook=_no_duplicate_keys,
                          parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise fail(f"is not valid JSON ({exc})", name) from None


def _check_manifest_header(manifest: Any, fail) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != PACKAGE_FORMAT:
        raise fail(f"is not a {PACKAGE_FORMAT} manifest", "manifest.json")
    version = manifest.get("version")
    if version != PACKAGE_VERSION:
        raise fail(f"is package format version {version!r}; this program reads version "
                   f"{PACKAGE_VERSION}", "manifest.json")


def _check_compiled_header(compiled: Any, fail) -> None:
    if not isinstance(compiled, dict) or compiled.get("format") != SCRIPT_FORMAT:
        raise fail(f"is not a {SCRIPT_FORMAT} file", "script.json")
    if compiled.get("version") != SCRIPT_VERSION:
        raise fail(f"is compiled script version {compiled.get('version')!r}; this program "
                   f"reads version {SCRIPT_VERSION}", "script.json")


@functools.lru_cache(maxsize=None)
def load_schema(kind: str) -> dict:
    """resources/schemas/<kind>.schema.json (kind: manifest | script)."""
    path = os.path.join(SCHEMA_DIR, f"{kind}.schema.json")
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def schema_errors(kind: str, data: Any) -> list[str]:
    """Every way data breaks the schema, as `path: message` lines (empty when valid)."""
    import jsonschema

    validator_cls = jsonschema.validators.validator_for(load_schema(kind))
    validator = validator_cls(load_schema(kind))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in errors]


def _validate(kind: str, data: Any, name: str, fail) -> None:
    try:
        errors = schema_errors(kind, data)
    except OSError as exc:
        raise fail(f"cannot be checked: the schema is missing from this installation ({exc})",
                   name) from None
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise fail(f"does not match the {kind} schema: {errors[0][:300]}{more}", name)


def manifest_sha(manifest: dict, name: str) -> Optional[str]:
    for item in manifest["files"]:
        if item["path"] == name:
            return item["sha256"]
    return None


def _check_listing(manifest: dict, files: dict[str, bytes], fail) -> None:
    listed: dict[str, dict] = {}
    for item in manifest["files"]:
        name = item["path"]
        if name in listed:
            raise fail("is listed twice in the manifest", name)
        if name == "manifest.json" or not _ALLOWED_NAME.match(name):
            raise fail("is listed in the manifest but is not a file a package may hold",
                       name)
        listed[name] = item
    for name in sorted(files):
        if name != "manifest.json" and name not in listed:
            raise fail("is not listed in the manifest", name)
    for name, item in listed.items():
        if name not in files:
            raise fail("is listed in the manifest but missing from the package", name)
        data = files[name]
        if len(data) != item["bytes"]:
            raise fail(f"has {len(data)} bytes; the manifest says {item['bytes']}", name)
        if hashlib.sha256(data).hexdigest() != item["sha256"]:
            raise fail("checksum mismatch: its sha256 differs from the manifest's (the file "
                       "was changed or damaged after export)", name)


def _load_script(compiled: dict, path: str, fail) -> Script:
    from designer.analysis.structure import check_structure

    try:
        script = script_from_compiled(compiled, "script.json")
    except ScriptFileError as exc:
        first = exc.problems[0] if exc.problems else None
        why = f"{first.code} {first.message}" if first else "not a valid script"
        raise fail(f"is not a valid script: {why}", "script.json") from None
    errors = [p for p in check_structure(script) if p.severity == "error"]
    if errors:
        raise fail(f"the script does not validate: {errors[0].code} {errors[0].message}",
                   "script.json")
    script.path = None  # it has no file of its own: audio comes from the package
    return script


def _check_audio(package: Package, fail) -> None:
    listed = {item["path"]: item for item in package.manifest["files"]}
    for pid in spoken_prompt_ids(package.script):
        name = prompt_audio_name(pid)
        if name not in package.files:
            raise fail(f"prompt {pid!r} has no audio in the package ({name})")
    for name, data in package.files.items():
        if not name.startswith("audio/"):
            continue
        try:
            with wave.open(io.BytesIO(data), "rb") as w:
                fmt = (w.getframerate(), w.getnchannels(), w.getsampwidth(), w.getcomptype())
                frames = w.getnframes()
        except (wave.Error, EOFError, ValueError) as exc:
            raise fail(f"is not a readable WAV file ({exc})", name) from None
        if fmt != (8000, 1, 2, "NONE"):
            raise fail(f"is {fmt[0]} Hz, {fmt[1]} channel(s), {8 * fmt[2]}-bit; package audio "
                       "is 8000 Hz mono 16-bit PCM", name)
        declared = listed[name].get("duration_ms")
        actual = int(round(frames * 1000 / 8000))
        if declared is not None and abs(declared - actual) > 1:
            raise fail(f"lasts {actual} ms; the manifest says {declared} ms", name)
