"""The site's settings: clinic name, phone, idle timeout, staff PIN hash. Qt-free.

Every setting is declared once, on :class:`Settings`, with its type, safe default and allowed
range. :func:`load_settings` reads a YAML file with the same protections as the content loader
(size cap, no anchors/aliases/tags, no YAML 1.1 implicit typing) and never raises for bad input:
each problem becomes a :class:`~cartguide.content.ContentIssue` (``file:line: key: message``) and
that one setting keeps its default while the valid ones are used.

The staff PIN is never stored, only its scrypt hash (:func:`hash_pin`, :func:`verify_pin`).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import dataclasses
import difflib
import hashlib
import hmac
import os
import re
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cartguide import safe_read
from cartguide.content import ClinicalReview, ContentIssue
from cartguide.content.loader import build_value, read_yaml_nodes

CONFIG_ENV = "CARTGUIDE_CONFIG"
SYSTEM_CONFIG = Path("/etc/cartguide/site.yaml")
MAX_CONFIG_BYTES = safe_read.CAPS["settings"]

_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2})?$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_PIN = re.compile(r"^[0-9]{4,8}$")

# scrypt parameters for new hashes: about 16 MiB and a few tens of milliseconds per try.
_SCRYPT_N = 2**14
_SCRYPT_R = 8
_SCRYPT_P = 1
_SALT_BYTES = 16
_KEY_BYTES = 32
_SCRYPT_MAXMEM = 64 * 1024 * 1024


def _setting(default: Any, about: str, **limits: Any) -> Any:
    return field(default=default, metadata={"about": about, **limits})


@dataclass(frozen=True, slots=True)
class Settings:
    """The effective site settings. The defaults are safe for an unconfigured kiosk."""

    clinic_name: str = _setting("", "shown on the 'Important information' page")
    contact_phone: str = _setting("", "the clinic's phone number for questions")
    # The number for an ambulance or emergency department (e.g. 120 in mainland China, 999,
    # 112, 911). Empty: the content's own (about.yaml emergency_number), else the words "your
    # local emergency number" — never a blank.
    emergency_number: str = _setting("", "the local emergency number, e.g. 120 or 999")
    idle_timeout_seconds: int = _setting(120, "seconds without a touch before the countdown",
                                         min=30, max=3600)
    # WCAG 2.2.1 (Timing Adjustable): a person needs at least 20 s to ask for more time.
    idle_countdown_seconds: int = _setting(30, "seconds the 'still there?' countdown lasts",
                                           min=20, max=300)
    staff_pin_hash: str | None = _setting(None, "set with `cartguide set-pin`, never by hand")
    default_language: str = _setting("en", "language the guide starts in, e.g. en or zh_CN")
    staff_lockout_attempts: int = _setting(5, "wrong PINs before staff sign-in locks",
                                           min=1, max=20)
    staff_lockout_seconds: int = _setting(300, "seconds staff sign-in stays locked",
                                          min=30, max=3600)
    printer_name: str = _setting("", "printer for handouts; empty: the system's default")
    kiosk_printing: bool = _setting(False, "let kiosk visitors print (straight to the printer)",
                                    yes_no=True)
    # The site's own clinical sign-off of the content it shows (issue 12): reviewer_role,
    # reviewer_name (optional), date, content_version. Without one for the content version in
    # use, a kiosk shows "Not yet reviewed by this clinic".
    clinical_signoff: ClinicalReview | None = field(default=None, metadata={
        "about": "the clinic's sign-off: reviewer_role, reviewer_name, date, content_version",
        "mapping": ClinicalReview})
    # Rollout (issue 16): the clinic's own words, signed content updates, the fleet status file.
    site_content: str = _setting("", "folder of the clinic's site layer (docs/site-layer.md)",
                                 path=True)
    bundle_folder: str = _setting("", "folder (or mounted share) the kiosk picks up signed "
                                  "content bundles from (docs/fleet.md)", path=True)
    bundle_public_keys: str = _setting("", "public keys from `cartguide bundle keygen` whose "
                                       "bundles are trusted; several: separate with spaces",
                                       public_keys=True)
    status_file: str = _setting("", "where the kiosk writes its status for monitoring "
                                "(Prometheus textfile format, a name ending in .prom)",
                                path=True)

    kiosk_prints_per_visit: int = _setting(
        1, "kiosk: prints a visitor may make before the next visit (with kiosk_printing)",
        min=1, max=20)
    kiosk_keyboard_grab: bool = _setting(
        True, "kiosk: take all keys so the window manager's shortcuts never leave the guide "
        "(X11; switch off only if a screen reader loses its keys, and lock the window manager "
        "down instead)", yes_no=True)


_DEFAULTS = Settings()
_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}


@dataclass(frozen=True, slots=True)
class SettingsResult:
    """The settings to use, every problem found, and the file they came from (None: defaults)."""

    settings: Settings
    issues: tuple[ContentIssue, ...] = ()
    path: Path | None = None


# -- where the file is --------------------------------------------------------------------------
def user_config_path() -> Path:
    """``$XDG_CONFIG_HOME/cartguide/site.yaml``, else ``~/.config/cartguide/site.yaml``."""
    xdg = os.environ.get("XDG_CONFIG_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".config"
    return base / "cartguide" / "site.yaml"


def config_path(explicit: Path | None) -> Path | None:
    """The settings file to read: ``--config``, ``$CARTGUIDE_CONFIG``, the user's, the system's.

    An explicit path or the environment variable is returned even if the file is missing, so
    that :func:`load_settings` reports it. Of the default locations the first that exists wins;
    None means none does (use the defaults).
    """
    if explicit is not None:
        return Path(explicit)
    env = os.environ.get(CONFIG_ENV, "")
    if env:
        return Path(env)
    for candidate in (user_config_path(), SYSTEM_CONFIG):
        if candidate.exists():
            return candidate
    return None


def pin_target_path(explicit: Path | None) -> Path:
    """Where ``set-pin`` writes: ``--config``, else ``$CARTGUIDE_CONFIG``, else the user file."""
    if explicit is not None:
        return Path(explicit)
    env = os.environ.get(CONFIG_ENV, "")
    return Path(env) if env else user_config_path()


# -- reading ------------------------------------------------------------------------------------
def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping (key: value lines)"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "text"


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _is_empty(node: yaml.Node) -> bool:
    return (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")
            and node.value in ("", "~"))


def _did_you_mean(word: str) -> str:
    close = difflib.get_close_matches(word, list(_FIELDS), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


_YES_NO = {"yes": True, "true": True, "no": False, "false": False}


def _convert(name: str, node: yaml.Node) -> tuple[Any, str | None]:
    """The value for setting ``name`` from ``node``, or (None, what is wrong)."""
    default = getattr(_DEFAULTS, name)
    meta = _FIELDS[name].metadata
    if "mapping" in meta:  # a nested value, checked like content (file:line in the message)
        if not isinstance(node, yaml.MappingNode):
            return None, f"expected key: value lines under it, found {_kind(node)}."
        problems: list[ContentIssue] = []
        value = build_value(meta["mapping"], node, Path(name), problems, name)
        if problems:
            return None, " ".join(f"line {p.line}: {p.key}: {p.message}" for p in problems)
        return value, None
    if not isinstance(node, yaml.ScalarNode):
        expected = "a whole number" if "min" in meta else "text"
        return None, f"expected {expected}, found {_kind(node)}. Using the default."
    value = node.value.strip()
    if meta.get("yes_no"):  # written yes/no (or true/false), never guessed from other text
        answer = _YES_NO.get(value.lower())
        if answer is None:
            return None, (f"'{value}' is not yes or no. Write yes or no. "
                          f"Using the default ({'yes' if default else 'no'}).")
        return answer, None
    if "min" in meta:  # a whole number within its range
        low, high = meta["min"], meta["max"]
        if not _INTEGER.match(value):
            return None, (f"'{value}' is not a whole number. Write digits only, e.g. {default}; "
                          f"allowed {low} to {high}. Using the default ({default}).")
        number = int(value)
        if not low <= number <= high:
            return None, (f"{number} is out of range; allowed {low} to {high}. "
                          f"Using the default ({default}).")
        return number, None
    if "\n" in value:
        return None, "must be one line. Using the default."
    if meta.get("path"):
        if not Path(value).expanduser().is_absolute():
            return None, (f"'{value}' is not a full path. Write it from the top, e.g. "
                          "/srv/cartguide/... (or ~/... for the kiosk user's home). Not used.")
        if name == "status_file" and not value.endswith(".prom"):
            return None, ("must end in .prom (monitoring tools read only those files). "
                          "Not used.")
        return value, None
    if meta.get("public_keys"):
        from cartguide.bundles import parse_public_keys

        keys, key_problems = parse_public_keys(value)
        if key_problems or not keys:
            return None, (f"{'; '.join(key_problems) or 'no key given'}. Copy the line that "
                          "`cartguide bundle keygen` printed. No bundle is trusted until then.")
        return value, None
    if name == "default_language" and not _LANGUAGE.match(value):
        return None, (f"'{value}' is not a language code. Write it like en or zh_CN. "
                      f"Using the default ({default}).")
    if name == "staff_pin_hash" and _parse_hash(value) is None:
        return None, ("is not a PIN hash made by `cartguide set-pin`. Run `cartguide set-pin` "
                      "to set the PIN. Until then no staff PIN is set.")
    return value, None


def unsafe_permissions(path: Path) -> str | None:
    """Why the settings file may not be trusted, or None. Like sshd's StrictModes: the file
    and its folder must be writable only by their owner, and owned by root or by the account
    that runs the guide. Otherwise anyone who can write there could set the staff PIN or turn
    printing on (red-team B8): the whole file is then ignored, and the safe defaults apply
    (no staff PIN: staff stop the guide with systemctl until IT fixes the permissions)."""
    if os.name != "posix":
        return None
    me = os.getuid()
    targets = [path]
    with contextlib.suppress(OSError):
        resolved = path.resolve()
        if resolved != path:
            targets.append(resolved)
    folders = {t.parent for t in targets}
    for target in [*targets, *sorted(folders)]:
        try:
            info = os.stat(target)
        except OSError:
            continue  # missing or unreadable: reported when it is read
        kind = "folder" if target in folders else "file"
        if kind == "file" and not stat.S_ISREG(info.st_mode):
            continue  # a FIFO, a device, a folder: refused when it is read (safe_read)
        if info.st_uid not in (0, me):
            return (f"is not used: the {kind} {target} belongs to another user (uid "
                    f"{info.st_uid}). It must belong to root or to the account that runs the "
                    f"guide: sudo chown root {target}. Using the defaults (no staff PIN).")
        sticky_dir = kind == "folder" and info.st_mode & stat.S_ISVTX
        if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and not sticky_dir:
            who = "others" if info.st_mode & stat.S_IWOTH else "its group"
            return (f"is not used: the {kind} {target} can be changed by {who}. Make it "
                    f"writable by its owner only: chmod go-w {target}. Using the defaults "
                    "(no staff PIN).")
    return None


def load_settings(path: Path | None) -> SettingsResult:
    """Read the settings file at ``path`` (None: no file, use the defaults). Never raises.

    A bad value is reported and that setting keeps its default; the valid ones are kept. A file
    that cannot be read safely at all (missing, too large, not YAML, anchors, tags) gives the
    defaults and one issue.
    """
    if path is None:
        return SettingsResult(_DEFAULTS)
    path = Path(path)
    issues: list[ContentIssue] = []
    if not path.exists():
        issues.append(ContentIssue(path, None, "", "settings file not found. Check the path "
                                   f"given with --config or ${CONFIG_ENV}. Using the defaults."))
        return SettingsResult(_DEFAULTS, tuple(issues), path)
    unsafe = unsafe_permissions(path)
    if unsafe is not None:
        issues.append(ContentIssue(path, None, "", unsafe))
        return SettingsResult(_DEFAULTS, tuple(issues), path)
    try:
        root = read_yaml_nodes(path, issues, max_bytes=MAX_CONFIG_BYTES)
    except Exception as exc:  # defensive: reading settings must never stop the kiosk
        issues.append(ContentIssue(path, None, "", f"cannot be read: {exc}"))
        root = None
    if root is None:  # unreadable (issue recorded) or empty (just defaults)
        return SettingsResult(_DEFAULTS, tuple(issues), path)
    if not isinstance(root, yaml.MappingNode):
        issues.append(ContentIssue(path, _line(root), "", f"expected key: value lines, found "
                                   f"{_kind(root)}. Using the defaults."))
        return SettingsResult(_DEFAULTS, tuple(issues), path)

    nodes: dict[str, yaml.Node] = {}
    first_line: dict[str, int] = {}
    duplicated: set[str] = set()
    for key_node, value_node in root.value:
        if not isinstance(key_node, yaml.ScalarNode):
            issues.append(ContentIssue(path, _line(key_node), "", "keys must be plain words."))
            continue
        name = key_node.value
        if name not in _FIELDS:
            issues.append(ContentIssue(path, _line(key_node), name, "unknown key."
                                       f"{_did_you_mean(name)} Allowed: {', '.join(_FIELDS)}."))
            continue
        if name in first_line:
            # Which one was meant is unclear: use neither, the default is the safe choice.
            duplicated.add(name)
            issues.append(ContentIssue(path, _line(key_node), name, "duplicate key (first on "
                                       f"line {first_line[name]}). Keep one; until then the "
                                       "default is used."))
            continue
        first_line[name] = _line(key_node)
        nodes[name] = value_node

    values: dict[str, Any] = {}
    for name, node in nodes.items():
        if name in duplicated or _is_empty(node):
            continue
        value, problem = _convert(name, node)
        if problem is not None:
            issues.append(ContentIssue(path, _line(node), name, problem))
            continue
        values[name] = value
    issues.sort(key=lambda issue: issue.line or 0)  # read top to bottom, like the file
    return SettingsResult(dataclasses.replace(_DEFAULTS, **values), tuple(issues), path)


# -- the staff PIN ------------------------------------------------------------------------------
def valid_pin(pin: str) -> bool:
    """True for 4 to 8 digits (0-9)."""
    return isinstance(pin, str) and _PIN.match(pin) is not None


def hash_pin(pin: str) -> str:
    """``scrypt$16384$8$1$<salt>$<key>`` (base64) for ``pin``, with a new random salt."""
    salt = secrets.token_bytes(_SALT_BYTES)
    key = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P,
                         maxmem=_SCRYPT_MAXMEM, dklen=_KEY_BYTES)
    return "$".join(("scrypt", str(_SCRYPT_N), str(_SCRYPT_R), str(_SCRYPT_P),
                     base64.b64encode(salt).decode("ascii"),
                     base64.b64encode(key).decode("ascii")))


def _parse_hash(encoded: str) -> tuple[int, int, int, bytes, bytes] | None:
    """(n, r, p, salt, key) from an encoded hash, or None if it is not one we can check.

    The cost parameters are bounded so that an edited file cannot make each check slow or huge.
    """
    parts = encoded.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    if not all(part.isascii() and part.isdigit() for part in parts[1:4]):
        return None
    n, r, p = (int(part) for part in parts[1:4])
    if not (2**10 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16
            and 128 * n * r * (p + 1) <= _SCRYPT_MAXMEM):
        return None
    try:
        salt = base64.b64decode(parts[4], validate=True)
        key = base64.b64decode(parts[5], validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(salt) < 8 or len(key) < 16:
        return None
    return n, r, p, salt, key


def verify_pin(pin: str, encoded: str | None) -> bool:
    """True if ``pin`` matches ``encoded``; False for no hash or a malformed one."""
    if not encoded or not isinstance(pin, str):
        return False
    parsed = _parse_hash(encoded)
    if parsed is None:
        return False
    n, r, p, salt, key = parsed
    try:
        candidate = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                                   maxmem=_SCRYPT_MAXMEM, dklen=len(key))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(candidate, key)


# -- writing ------------------------------------------------------------------------------------
_PIN_LINE = re.compile(r"""^(["']?)staff_pin_hash\1[ \t]*:(?:[ \t\r\n]|$)""")


def write_pin_hash(path: Path, encoded: str) -> None:
    """Set ``staff_pin_hash`` in the file at ``path``, keeping every other line as written.

    Creates the file (and its folder) if missing. Replaces the first top-level
    ``staff_pin_hash:`` line (and any duplicates) or appends one. Written atomically, mode 0600.
    Raises OSError or UnicodeDecodeError if the file cannot be read or written.
    """
    if _parse_hash(encoded) is None:
        raise ValueError("not a PIN hash made by hash_pin()")
    path = Path(path)
    if path.is_symlink():  # keep the link (e.g. to a managed file); replace what it points to
        path = path.resolve()
    text = (safe_read.read(path, "settings").decode("utf-8") if path.exists()
            else "")
    newline = "\r\n" if "\r\n" in text else "\n"
    new_line = f"staff_pin_hash: {encoded}{newline}"
    out: list[str] = []
    replaced = False
    lines = text.splitlines(keepends=True)
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not _PIN_LINE.match(line):
            out.append(line)
            continue
        if not replaced:
            out.append(new_line)
            replaced = True
        # Drop the old value's continuation lines (a value written on the next, indented line);
        # indented comments are kept.
        while index < len(lines) and lines[index][:1] in (" ", "\t") and lines[index].strip() \
                and not lines[index].lstrip().startswith("#"):
            index += 1
    if not replaced:
        if out and not out[-1].endswith(("\n", "\r")):
            out.append(newline)
        out.append(new_line)
    # 0600: the hash is not the PIN, but a short PIN is guessable.
    safe_read.write_atomically(path, "".join(out), mode=0o600)


def setting_path(value: str) -> Path | None:
    """A path setting as a Path (``~`` expanded), or None when it is not set."""
    return Path(value).expanduser() if value else None


def describe(settings: Settings) -> str:
    """A one-line summary of ``settings`` for people; never shows the PIN hash."""
    clinic = f'"{settings.clinic_name}"' if settings.clinic_name else "(not set)"
    phone = f'"{settings.contact_phone}"' if settings.contact_phone else "(not set)"
    pin = "set" if settings.staff_pin_hash else "not set"
    return (f"clinic {clinic}, phone {phone}, language {settings.default_language}, "
            f"idle {settings.idle_timeout_seconds} s + {settings.idle_countdown_seconds} s "
            f"countdown, staff PIN {pin}, lockout after {settings.staff_lockout_attempts} "
            f"wrong PINs for {settings.staff_lockout_seconds} s")
