"""Signed content bundles: one file an educator makes, that many kiosks pick up safely. Qt-free.

A bundle is a zip file (``*.cgbundle``) holding ``manifest.json`` (kind, version, created, and
every file with its size and SHA-256), ``manifest.sig`` (an Ed25519 signature of the manifest's
exact bytes, base64) and the files under ``files/``. Its kind is ``content`` (a whole content
folder: ``en/``, ``zh_CN/``, ...) or ``site-layer`` (a clinic's site layer folder).

On a kiosk (:class:`BundleStore`), a new bundle found in the ``bundle_folder`` is checked in this
order, and a failed check leaves everything as it was:

1. the file is not too large, is a zip, and its manifest's signature matches one of the site's
   public keys (``bundle_public_keys``);
2. the zip holds exactly the files the manifest lists, with safe names (no ``..``, no absolute
   paths, no hidden files, no symlinks), within the size caps, with matching SHA-256;
3. it is unpacked into a fresh staging folder and checked like ``cartguide validate``;
4. only then is the staging folder renamed into the store (``store/<id>``).

Switching (done by the app at an idle reset) writes a *trial* marker, then replaces the
``<kind>.current`` pointer file atomically (write, fsync, rename, fsync the folder). After the
first successful load the app calls :meth:`BundleStore.confirm`, which removes the marker. A
marker found at start-up means the last switch never finished loading (a crash, a kill, a power
cut): :meth:`BundleStore.recover` puts the previous version back. The previous version is kept.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import hashlib
import io
import json
import logging
import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from cartguide import safe_read
from cartguide.content import ContentIssue

log = logging.getLogger(__name__)

FORMAT = "cartguide-bundle/1"
SUFFIX = ".cgbundle"
KINDS = ("content", "site-layer")
KEY_PREFIX = "cartguide-ed25519:"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
FILES = "files/"

MAX_BUNDLE_BYTES = 64 * 1024 * 1024   # the bundle file itself
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_FILE_BYTES = 4 * 1024 * 1024      # one unpacked file (YAML is capped lower by the loader)
MAX_TOTAL_BYTES = 32 * 1024 * 1024    # all unpacked files together
MAX_FILES = 2000
MAX_DEPTH = 6
ALLOWED_SUFFIXES = (".yaml", ".yml", ".svg", ".png", ".jpg", ".jpeg", ".txt", ".md")
MAX_ATTEMPTS = 2                      # a version that failed to load this often is skipped
_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$")
_ID = re.compile(r"^(content|site-layer)-[0-9]{8}T[0-9]{6}Z-[0-9a-f]{12}$")


class BundleError(Exception):
    """A bundle that must not be used; the message says why, for people."""


# -- keys ---------------------------------------------------------------------------------------
def _crypto() -> Any:
    """The Ed25519 classes (imported when needed: only bundles use ``cryptography``)."""
    from cryptography.hazmat.primitives.asymmetric import ed25519

    return ed25519


def generate_key() -> tuple[bytes, str]:
    """A new private key (PEM, PKCS#8, unencrypted) and its public key line for the settings."""
    from cryptography.hazmat.primitives import serialization

    key = _crypto().Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    return pem, public_key_line(key)


def public_key_line(key: Any) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = key.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    return KEY_PREFIX + base64.b64encode(raw).decode("ascii")


def load_private_key(path: Path) -> Any:
    from cryptography.hazmat.primitives import serialization

    data = safe_read.read_bytes(Path(path), 64 * 1024)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise BundleError(f"{path}: not a private key made by `cartguide bundle keygen` "
                          f"({exc}).") from exc
    if not isinstance(key, _crypto().Ed25519PrivateKey):
        raise BundleError(f"{path}: not an Ed25519 key. Make one with `cartguide bundle keygen`.")
    return key


def parse_public_keys(text: str) -> tuple[list[bytes], list[str]]:
    """The raw public keys in a settings value (separated by spaces or commas), and problems."""
    keys, problems = [], []
    for word in re.split(r"[\s,]+", text.strip()):
        if not word:
            continue
        raw = b""
        if word.startswith(KEY_PREFIX):
            with contextlib.suppress(ValueError):
                raw = base64.b64decode(word[len(KEY_PREFIX):], validate=True)
        if len(raw) != 32:
            problems.append(f"'{word[:40]}' is not a public key from `cartguide bundle keygen` "
                            f"(it starts with {KEY_PREFIX})")
            continue
        keys.append(raw)
    return keys, problems


# -- making a bundle ----------------------------------------------------------------------------
def _safe_relative(name: str) -> PurePosixPath:
    """``name`` as a safe relative path, or BundleError."""
    if not name or "\\" in name or "\0" in name or name.startswith("/"):
        raise BundleError(f"unsafe file name in bundle: {name!r}")
    path = PurePosixPath(name)
    parts = path.parts
    if len(parts) > MAX_DEPTH or any(not _PART.match(p) or p in (".", "..") for p in parts):
        raise BundleError(f"unsafe file name in bundle: {name!r} (use letters, digits, '-', "
                          "'_' and '.', no hidden files, at most "
                          f"{MAX_DEPTH} folders deep)")
    if path.suffix.lower() not in ALLOWED_SUFFIXES:
        raise BundleError(f"file type not allowed in a bundle: {name!r} (allowed: "
                          f"{', '.join(ALLOWED_SUFFIXES)})")
    return path


def _collect(folder: Path) -> list[tuple[str, Path]]:
    files = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in PurePosixPath(relative).parts):
            continue  # editor and VCS leftovers (.git, .swp) are not content
        if path.is_symlink():
            raise BundleError(f"{path}: is a symbolic link; bundles hold real files only.")
        if path.is_dir():
            continue
        _safe_relative(relative)
        if path.stat().st_size > MAX_FILE_BYTES:
            raise BundleError(f"{path}: larger than {MAX_FILE_BYTES // 2**20} MiB.")
        files.append((relative, path))
    if not files:
        raise BundleError(f"{folder}: no files to bundle.")
    if len(files) > MAX_FILES:
        raise BundleError(f"{folder}: more than {MAX_FILES} files.")
    return files


def make_bundle(source: Path, kind: str, key_path: Path, output: Path, *,
                version: str | None = None,
                now: datetime.datetime | None = None) -> dict[str, Any]:
    """Sign ``source`` (a content or site-layer folder) into the bundle file ``output``."""
    if kind not in KINDS:
        raise BundleError(f"kind must be one of {', '.join(KINDS)}")
    key = load_private_key(key_path)
    files = _collect(Path(source))
    created = (now or datetime.datetime.now(datetime.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    entries = []
    for relative, path in files:
        data = path.read_bytes()
        entries.append({"path": relative, "size": len(data),
                        "sha256": hashlib.sha256(data).hexdigest()})
    manifest = {"format": FORMAT, "kind": kind, "version": version or created,
                "created": created, "files": entries}
    manifest_bytes = json.dumps(manifest, indent=1, ensure_ascii=False).encode("utf-8") + b"\n"
    signature = base64.b64encode(key.sign(manifest_bytes)) + b"\n"
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    temp = output.with_name(f".{output.name}.tmp")
    with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, manifest_bytes)
        archive.writestr(SIGNATURE, signature)
        for relative, path in files:
            archive.writestr(FILES + relative, path.read_bytes())
    _fsync_file(temp)
    os.replace(temp, output)  # a kiosk never sees a half-written bundle under its real name
    return manifest


# -- checking a bundle --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Manifest:
    kind: str
    version: str
    created: str
    files: tuple[tuple[PurePosixPath, int, str], ...]
    digest: str  # SHA-256 of the manifest bytes

    @property
    def id(self) -> str:
        stamp = self.created.replace("-", "").replace(":", "")
        return f"{self.kind}-{stamp}-{self.digest[:12]}"


def _parse_manifest(data: bytes) -> Manifest:
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BundleError(f"manifest is not valid JSON ({exc})") from exc
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BundleError(f"not a {FORMAT} manifest")
    kind, version, created = raw.get("kind"), raw.get("version"), raw.get("created")
    if kind not in KINDS:
        raise BundleError(f"manifest kind must be one of {', '.join(KINDS)}")
    if not isinstance(version, str) or not version or len(version) > 100 or "\n" in version:
        raise BundleError("manifest version must be one short line")
    if not isinstance(created, str) or not re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$",
                                                    created):
        raise BundleError("manifest created must be a UTC time like 2026-11-30T01:02:03Z")
    entries = raw.get("files")
    if not isinstance(entries, list) or not entries or len(entries) > MAX_FILES:
        raise BundleError(f"manifest must list 1 to {MAX_FILES} files")
    files, seen, total = [], set(), 0
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) != {"path", "size", "sha256"}:
            raise BundleError("each manifest file needs exactly path, size and sha256")
        path = _safe_relative(str(entry["path"]))
        size, digest = entry["size"], entry["sha256"]
        if not isinstance(size, int) or not 0 <= size <= MAX_FILE_BYTES:
            raise BundleError(f"{path}: size out of range")
        if not isinstance(digest, str) or not re.match(r"^[0-9a-f]{64}$", digest):
            raise BundleError(f"{path}: sha256 must be 64 hex digits")
        if path.as_posix().lower() in seen:
            raise BundleError(f"{path}: listed twice")
        seen.add(path.as_posix().lower())
        total += size
        files.append((path, size, digest))
    if total > MAX_TOTAL_BYTES:
        raise BundleError(f"files add up to more than {MAX_TOTAL_BYTES // 2**20} MiB")
    return Manifest(kind, version, created, tuple(files), hashlib.sha256(data).hexdigest())


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """At most ``limit`` bytes of a member; never trusts the sizes the zip claims."""
    if info.flag_bits & 0x1:
        raise BundleError(f"{info.filename}: encrypted entries are not allowed")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise BundleError(f"{info.filename}: unsupported compression")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise BundleError(f"{info.filename}: symbolic links are not allowed")
    with archive.open(info) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise BundleError(f"{info.filename}: larger than allowed")
    return data


def read_bundle(path: Path, public_keys: Iterable[bytes],
                deep: bool = True) -> tuple[Manifest, dict[PurePosixPath, bytes]]:
    """Check a bundle file and return its manifest and (with ``deep``) its files' bytes.

    Raises BundleError naming the first problem: too large, not a zip (e.g. truncated), no
    valid signature from the given keys, unexpected or missing files, unsafe names, sizes or
    hashes that do not match.
    """
    keys = list(public_keys)
    if not keys:
        raise BundleError("no public keys are set (bundle_public_keys), so no bundle can be "
                          "trusted")
    try:
        # Read once, whole and bounded (regular files only): a file still being copied onto a
        # share cannot change under the checks, and a FIFO or device is never opened.
        data = safe_read.read_bytes(Path(path), MAX_BUNDLE_BYTES)
    except safe_read.SafeReadError as exc:
        raise BundleError(exc.reason) from exc
    except OSError as exc:
        raise BundleError(f"cannot be read: {exc.strerror or exc}") from exc
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _read_archive(archive, keys, deep)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        if isinstance(exc, BundleError):
            raise
        raise BundleError(f"is not a complete bundle (damaged or still being copied: {exc})"
                          ) from exc


def _read_archive(archive: zipfile.ZipFile, keys: list[bytes],
                  deep: bool) -> tuple[Manifest, dict[PurePosixPath, bytes]]:
    infos = archive.infolist()
    names = [info.filename for info in infos]
    if len(names) != len(set(names)):
        raise BundleError("the zip lists a file twice")
    by_name = {info.filename: info for info in infos}
    if MANIFEST not in by_name or SIGNATURE not in by_name:
        raise BundleError("has no manifest.json and manifest.sig")
    manifest_bytes = _read_member(archive, by_name[MANIFEST], MAX_MANIFEST_BYTES)
    signature_text = _read_member(archive, by_name[SIGNATURE], 1024)
    try:
        signature = base64.b64decode(signature_text.strip(), validate=True)
    except ValueError as exc:
        raise BundleError("manifest.sig is not a signature") from exc
    ed25519 = _crypto()
    from cryptography.exceptions import InvalidSignature

    for raw in keys:
        try:
            ed25519.Ed25519PublicKey.from_public_bytes(raw).verify(signature, manifest_bytes)
            break
        except InvalidSignature:
            continue
    else:
        raise BundleError("its signature does not match any of this kiosk's public keys "
                          "(bundle_public_keys): it was signed with another key, or changed")
    manifest = _parse_manifest(manifest_bytes)
    expected = {FILES + p.as_posix(): (p, size, digest) for p, size, digest in manifest.files}
    extra = [n for n in names if n not in expected and n not in (MANIFEST, SIGNATURE)]
    if extra:
        raise BundleError(f"holds files its manifest does not list: {', '.join(extra[:5])}")
    missing = [n for n in expected if n not in by_name]
    if missing:
        raise BundleError(f"lacks files its manifest lists: {', '.join(missing[:5])}")
    contents: dict[PurePosixPath, bytes] = {}
    if deep:
        for name, (relative, size, digest) in expected.items():
            data = _read_member(archive, by_name[name], size)
            if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
                raise BundleError(f"{relative}: does not match its SHA-256 in the manifest")
            contents[relative] = data
    return manifest, contents


# -- durable files ------------------------------------------------------------------------------
def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_json(path: Path, value: Any) -> None:
    """Write ``value`` to ``path`` so that a power cut leaves the old file or the new one."""
    safe_read.write_atomically(path, json.dumps(value), mode=0o644)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(safe_read.read_bytes(path, 64 * 1024).decode("utf-8"))
    except (OSError, ValueError):  # missing, not a regular file, too large, not JSON
        return None


def checkpoint(name: str) -> None:
    """A named step of a switch. Does nothing; the power-cut tests kill the process here."""


# -- a kiosk's store ----------------------------------------------------------------------------
def default_root() -> Path:
    """``$CARTGUIDE_DATA_DIR``, else ``$XDG_DATA_HOME/cartguide``, else ~/.local/share/cartguide,
    plus ``bundles``."""
    if os.environ.get("CARTGUIDE_DATA_DIR"):
        return Path(os.environ["CARTGUIDE_DATA_DIR"]) / "bundles"
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "cartguide" / "bundles"


Validator = Callable[[str, Path], list[ContentIssue]]


@dataclass(frozen=True, slots=True)
class Prepared:
    kind: str
    id: str
    version: str


class BundleStore:
    """The unpacked bundles of one kiosk, which one is in use per kind, and the switch."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else default_root()
        self._rejected: dict[Path, tuple[int, int]] = {}  # logged once per file version

    @property
    def store(self) -> Path:
        return self.root / "store"

    def _pointer(self, kind: str) -> Path:
        return self.root / f"{kind}.current"

    def _trial(self, kind: str) -> Path:
        return self.root / f"{kind}.trial"

    def _ensure(self) -> None:
        for folder in (self.root, self.store, self.root / "staging"):
            folder.mkdir(parents=True, exist_ok=True)

    # -- what is in use ------------------------------------------------------------------------
    def current(self, kind: str) -> dict[str, Any]:
        value = _read_json(self._pointer(kind))
        if not isinstance(value, dict):
            return {"id": None, "previous": None}
        return {"id": value.get("id") if _valid_id(value.get("id")) else None,
                "previous": value.get("previous") if _valid_id(value.get("previous")) else None}

    def manifest_of(self, bundle_id: str | None) -> dict[str, Any] | None:
        if not _valid_id(bundle_id):
            return None
        value = _read_json(self.store / str(bundle_id) / MANIFEST)
        return value if isinstance(value, dict) else None

    def active_path(self, kind: str) -> Path | None:
        """The folder of the bundle in use for ``kind``, or None (shipped content / settings)."""
        bundle_id = self.current(kind)["id"]
        if bundle_id is None:
            return None
        folder = self.store / bundle_id / "files"
        return folder if folder.is_dir() and self.manifest_of(bundle_id) else None

    # -- start-up ------------------------------------------------------------------------------
    def recover(self) -> list[str]:
        """Undo any switch that never finished loading (a crash, kill or power cut)."""
        messages = []
        for kind in KINDS:
            trial = _read_json(self._trial(kind))
            if trial is None and not self._trial(kind).exists():
                continue
            if isinstance(trial, dict) and _valid_id(trial.get("id")):
                self._note_failure(str(trial["id"]))
                messages.append(self.rollback(kind, str(trial["id"]),
                                              trial.get("previous"), "the last switch to it "
                                              "did not finish loading"))
            else:  # a marker cut short by a power cut: the pointer was not touched yet
                self._trial(kind).unlink(missing_ok=True)
                _fsync_dir(self.root)
        return messages

    # -- finding and preparing new bundles -----------------------------------------------------
    def candidates(self, folder: Path) -> list[Path]:
        try:
            return sorted(p for p in Path(folder).iterdir()
                          if p.suffix == SUFFIX and p.is_file() and not p.name.startswith("."))
        except OSError as exc:
            log.warning("bundles: cannot read the bundle folder %s: %s", folder,
                        exc.strerror or exc)
            return []

    def prepare(self, folder: Path, public_keys: list[bytes],
                validator: Validator) -> list[Prepared]:
        """Check every new bundle in ``folder``; unpack and validate the newest per kind.

        Returns what is ready to switch to (at most one per kind). Never raises for a bad
        bundle: it is logged (once per file version) and skipped.
        """
        newest: dict[str, tuple[Manifest, Path]] = {}
        for path in self.candidates(folder):
            try:
                info = path.stat()
                signature = (info.st_size, info.st_mtime_ns)
                if self._rejected.get(path) == signature:
                    continue
                manifest, _ = read_bundle(path, public_keys, deep=False)
            except BundleError as exc:
                self._reject(path, str(exc))
                continue
            except OSError:
                continue
            if not self._is_new(manifest):
                continue
            best = newest.get(manifest.kind)
            if best is None or manifest.created > best[0].created:
                newest[manifest.kind] = (manifest, path)
        ready = []
        for kind, (manifest, path) in sorted(newest.items()):
            try:
                self._unpack(path, public_keys, validator)
            except BundleError as exc:
                self._reject(path, str(exc))
                continue
            ready.append(Prepared(kind, manifest.id, manifest.version))
        return ready

    def _is_new(self, manifest: Manifest) -> bool:
        current = self.current(manifest.kind)
        if manifest.id in (current["id"], current["previous"]):
            return False
        if self._failures().get(manifest.id, 0) >= MAX_ATTEMPTS:
            return False
        in_use = self.manifest_of(current["id"])
        # Never go back to an older bundle (an old signed file left in the folder).
        return not (in_use and str(in_use.get("created", "")) >= manifest.created)

    def _reject(self, path: Path, why: str) -> None:
        with contextlib.suppress(OSError):
            info = path.stat()
            self._rejected[path] = (info.st_size, info.st_mtime_ns)
        log.warning("bundles: %s: not used: %s", path, why)

    def _unpack(self, path: Path, public_keys: list[bytes], validator: Validator) -> None:
        self._ensure()
        manifest, contents = read_bundle(path, public_keys, deep=True)
        target = self.store / manifest.id
        if target.is_dir() and (target / MANIFEST).exists():
            return  # unpacked before (e.g. a switch that was rolled back by a power cut)
        staging = Path(tempfile.mkdtemp(prefix="unpack-", dir=self.root / "staging"))
        try:
            files = staging / "files"
            files.mkdir()
            for relative, data in contents.items():
                destination = files.joinpath(*relative.parts)
                destination.parent.mkdir(parents=True, exist_ok=True)
                # O_EXCL | O_NOFOLLOW: never write through a link or over another file.
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                fd = os.open(destination, flags, 0o644)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
            record = {"kind": manifest.kind, "version": manifest.version,
                      "created": manifest.created, "id": manifest.id,
                      "source": path.name, "files": len(contents)}
            (staging / MANIFEST).write_text(json.dumps(record), encoding="utf-8")
            _fsync_file(staging / MANIFEST)
            errors = [i for i in validator(manifest.kind, files) if i.severity == "error"]
            if errors:
                shown = "; ".join(_short(i, files) for i in errors[:3])
                more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
                raise BundleError(f"its content has {len(errors)} error(s): {shown}{more}")
            for folder in [files, *[p for p in files.rglob("*") if p.is_dir()]]:
                _fsync_dir(folder)
            shutil.rmtree(target, ignore_errors=True)
            os.rename(staging, target)
            _fsync_dir(self.store)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    # -- switching -----------------------------------------------------------------------------
    def begin_switch(self, kind: str, bundle_id: str) -> None:
        """Point ``kind`` at ``bundle_id``, on trial until :meth:`confirm`."""
        previous = self.current(kind)["id"]
        checkpoint("before-trial")
        _write_json(self._trial(kind), {"id": bundle_id, "previous": previous})
        checkpoint("after-trial")
        _write_json(self._pointer(kind), {"id": bundle_id, "previous": previous})
        checkpoint("after-pointer")

    def confirm(self, kind: str) -> None:
        """The version on trial loaded: keep it, drop the marker and versions older than the
        previous one."""
        self._trial(kind).unlink(missing_ok=True)
        _fsync_dir(self.root)
        checkpoint("after-confirm")
        current = self.current(kind)
        keep = {current["id"], current["previous"]}
        for folder in self.store.glob(f"{kind}-*"):
            if folder.name not in keep:
                shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            for leftover in (self.root / "staging").iterdir():
                shutil.rmtree(leftover, ignore_errors=True)

    def rollback(self, kind: str, bad_id: str, previous: Any, why: str) -> str:
        """Go back to ``previous`` (or the shipped content / settings when None)."""
        previous = previous if _valid_id(previous) else None
        _write_json(self._pointer(kind), {"id": previous, "previous": None})
        self._trial(kind).unlink(missing_ok=True)
        _fsync_dir(self.root)
        message = (f"bundles: {kind} {bad_id} rolled back to "
                   f"{previous or 'the version before bundles'}: {why}")
        log.error("%s", message)
        return message

    def fail(self, kind: str, why: str) -> str:
        """The version on trial did not load: note it and go back to the previous one."""
        trial = _read_json(self._trial(kind))
        current = self.current(kind)
        bad = (trial or {}).get("id") or current["id"] or "?"
        self._note_failure(str(bad))
        self._note_failure(str(bad))  # loaded and failed: never try this one again
        return self.rollback(kind, str(bad), (trial or current).get("previous"), why)

    def _failures(self) -> dict[str, int]:
        value = _read_json(self.root / "failed.json")
        return value if isinstance(value, dict) else {}

    def _note_failure(self, bundle_id: str) -> None:
        self._ensure()
        failures = self._failures()
        failures[bundle_id] = int(failures.get(bundle_id, 0)) + 1
        _write_json(self.root / "failed.json", failures)

    def describe(self) -> dict[str, dict[str, str]]:
        """Per kind in use: id and version (for the status file and `bundle status`)."""
        found = {}
        for kind in KINDS:
            bundle_id = self.current(kind)["id"]
            manifest = self.manifest_of(bundle_id)
            if bundle_id and manifest:
                found[kind] = {"id": bundle_id, "version": str(manifest.get("version", ""))}
        return found


def _valid_id(value: Any) -> bool:
    return isinstance(value, str) and _ID.match(value) is not None


def _short(issue: ContentIssue, root: Path) -> str:
    with contextlib.suppress(ValueError):
        path = issue.path.relative_to(root)
        where = f"{path}:{issue.line}" if issue.line else str(path)
        return f"{where}: {issue.key + ': ' if issue.key else ''}{issue.message}"
    return str(issue)
