"""Site settings: safe reading with file:line issues and field-by-field fallback, the lookup
order, the staff PIN hash, and the `set-pin` / `check-config` commands."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from cartguide import config
from cartguide.config import (
    Settings,
    config_path,
    hash_pin,
    load_settings,
    valid_pin,
    verify_pin,
    write_pin_hash,
)

DEFAULTS = Settings()


@pytest.fixture(autouse=True)
def _no_real_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read or write the developer's real settings: HOME, XDG and /etc all point at
    empty temporary folders."""
    monkeypatch.delenv(config.CONFIG_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(config, "SYSTEM_CONFIG", tmp_path / "etc" / "cartguide" / "site.yaml")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


FULL = """\
# Site settings for the day unit kiosk
clinic_name: "St Example Cancer Centre"
contact_phone: 020 7946 0000
idle_timeout_seconds: 300
idle_countdown_seconds: 45
default_language: zh_CN
staff_lockout_attempts: 3
staff_lockout_seconds: 900
"""


# -- reading ------------------------------------------------------------------------------------
def test_defaults_without_a_file() -> None:
    result = load_settings(None)
    assert result.settings == DEFAULTS
    assert result.issues == ()
    assert DEFAULTS.idle_timeout_seconds == 120
    assert DEFAULTS.idle_countdown_seconds == 30
    assert DEFAULTS.staff_pin_hash is None
    assert DEFAULTS.default_language == "en"
    assert (DEFAULTS.staff_lockout_attempts, DEFAULTS.staff_lockout_seconds) == (5, 300)


def test_a_full_valid_file(tmp_path: Path) -> None:
    encoded = hash_pin("2468")
    path = write(tmp_path / "site.yaml", FULL + f"staff_pin_hash: {encoded}\n")
    result = load_settings(path)
    assert result.issues == ()
    assert result.path == path
    assert result.settings == Settings(
        clinic_name="St Example Cancer Centre", contact_phone="020 7946 0000",
        idle_timeout_seconds=300, idle_countdown_seconds=45, staff_pin_hash=encoded,
        default_language="zh_CN", staff_lockout_attempts=3, staff_lockout_seconds=900)
    assert verify_pin("2468", result.settings.staff_pin_hash)


def test_values_are_text_not_yaml_1_1_guesses(tmp_path: Path) -> None:
    # YAML 1.1 would read 0600 as octal 384 and `no` as False.
    path = write(tmp_path / "site.yaml", "idle_timeout_seconds: 0600\nclinic_name: no\n"
                 "contact_phone: +44 20 7946 0000\n")
    result = load_settings(path)
    assert result.issues == ()
    assert result.settings.idle_timeout_seconds == 600
    assert result.settings.clinic_name == "no"
    assert result.settings.contact_phone == "+44 20 7946 0000"


def test_empty_file_and_empty_values_are_defaults(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path / "empty.yaml", "# nothing yet\n")) == \
        config.SettingsResult(DEFAULTS, (), tmp_path / "empty.yaml")
    result = load_settings(write(tmp_path / "site.yaml", "staff_pin_hash:\nclinic_name: A\n"))
    assert result.issues == ()
    assert result.settings == Settings(clinic_name="A")


BAD_CASES = [
    # (the bad line, its key, words in the message, the setting that must keep its default)
    ("colour: blue", "colour", "unknown key", None),
    ("idle_timeout: 60", "idle_timeout", "Did you mean 'idle_timeout_seconds'", None),
    ("idle_timeout_seconds: [60]", "idle_timeout_seconds", "expected a whole number",
     "idle_timeout_seconds"),
    ("clinic_name: {a: b}", "clinic_name", "expected text", "clinic_name"),
    ("idle_countdown_seconds: twenty", "idle_countdown_seconds", "not a whole number",
     "idle_countdown_seconds"),
    ("idle_timeout_seconds: 29", "idle_timeout_seconds", "out of range; allowed 30 to 3600",
     "idle_timeout_seconds"),
    ("idle_timeout_seconds: 3601", "idle_timeout_seconds", "out of range",
     "idle_timeout_seconds"),
    ("idle_countdown_seconds: 19", "idle_countdown_seconds", "allowed 20 to 300",
     "idle_countdown_seconds"),
    ("staff_lockout_attempts: 0", "staff_lockout_attempts", "allowed 1 to 20",
     "staff_lockout_attempts"),
    ("staff_lockout_seconds: -300", "staff_lockout_seconds", "allowed 30 to 3600",
     "staff_lockout_seconds"),
    ("default_language: Chinese", "default_language", "not a language code",
     "default_language"),
    ("default_language: zh-cn", "default_language", "like en or zh_CN", "default_language"),
    ("staff_pin_hash: 1234", "staff_pin_hash", "not a PIN hash", "staff_pin_hash"),
    ("staff_pin_hash: scrypt$16384$8$1$not*base64$AAAA", "staff_pin_hash", "not a PIN hash",
     "staff_pin_hash"),
    ("staff_pin_hash: scrypt$1099511627776$8$1$AAAAAAAAAAAAAAAAAAAAAA==$"
     "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "staff_pin_hash", "not a PIN hash",
     "staff_pin_hash"),
]


GOOD = {"clinic_name": "Good Clinic", "contact_phone": "555 0100",
        "idle_timeout_seconds": "600", "idle_countdown_seconds": "45",
        "default_language": "zh_CN", "staff_lockout_attempts": "7",
        "staff_lockout_seconds": "60"}


@pytest.mark.parametrize(("bad", "key", "words", "falls_back"), BAD_CASES)
def test_each_bad_value_is_reported_and_only_that_setting_falls_back(
        tmp_path: Path, bad: str, key: str, words: str, falls_back: str | None) -> None:
    good = {name: value for name, value in GOOD.items() if name != falls_back}
    lines = ["# site settings"] + [f"{name}: {value}" for name, value in good.items()]
    lines.insert(3, bad)  # line 4, with valid settings before and after it
    path = write(tmp_path / "site.yaml", "\n".join(lines) + "\n")
    result = load_settings(path)
    assert len(result.issues) == 1, result.issues
    issue = result.issues[0]
    assert (issue.line, issue.key) == (4, key)
    assert words in issue.message
    assert str(issue).endswith(f"site.yaml:4: {key}: {issue.message}")
    expected = {name: int(value) if value.isdigit() else value for name, value in good.items()}
    assert result.settings == Settings(**expected)  # every valid setting kept, the bad one default


def test_a_duplicate_key_uses_the_default_and_keeps_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path / "site.yaml", "idle_timeout_seconds: 600\nclinic_name: A\n"
                 "idle_timeout_seconds: 900\ncontact_phone: 555\n")
    result = load_settings(path)
    assert [(i.line, i.key) for i in result.issues] == [(3, "idle_timeout_seconds")]
    assert "duplicate key (first on line 1)" in result.issues[0].message
    assert result.settings == Settings(clinic_name="A", contact_phone="555")


def test_many_problems_are_all_listed_in_line_order(tmp_path: Path) -> None:
    path = write(tmp_path / "site.yaml", "colour: blue\nidle_timeout_seconds: 5\n"
                 "default_language: English\nclinic_name: Kept\n")
    result = load_settings(path)
    assert [(i.line, i.key) for i in result.issues] == [
        (1, "colour"), (2, "idle_timeout_seconds"), (3, "default_language")]
    assert result.settings == Settings(clinic_name="Kept")


@pytest.mark.parametrize(("text", "line", "words"), [
    ("clinic_name: A\nanchor: &name B\nother: *name\n", 2, "anchor '&name' is not allowed"),
    ("clinic_name: !!str A\n", 1, "tag"),
    ("clinic_name: 'A\n", None, "YAML syntax"),
    ("- clinic_name: A\n", 1, "expected key: value lines"),
])
def test_an_unsafe_or_unreadable_file_gives_defaults_and_one_issue(
        tmp_path: Path, text: str, line: int | None, words: str) -> None:
    result = load_settings(write(tmp_path / "site.yaml", text))
    assert result.settings == DEFAULTS
    assert len(result.issues) == 1, result.issues
    if line is not None:
        assert result.issues[0].line == line
    assert words in result.issues[0].message


def test_an_alias_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20))
    result = load_settings(write(tmp_path / "site.yaml", "clinic_name: A\n" + bomb))
    assert result.settings == DEFAULTS
    assert [i.line for i in result.issues] == [2]
    assert "is not allowed" in result.issues[0].message


def test_a_too_large_file_is_refused_unread(tmp_path: Path) -> None:
    path = write(tmp_path / "site.yaml", "clinic_name: A\n" + "# padding\n" * 8000)
    assert path.stat().st_size > config.MAX_CONFIG_BYTES
    result = load_settings(path)
    assert result.settings == DEFAULTS
    assert len(result.issues) == 1
    assert "the limit is 64 KiB" in result.issues[0].message


def test_a_missing_explicit_file_is_an_issue(tmp_path: Path) -> None:
    result = load_settings(tmp_path / "nowhere.yaml")
    assert result.settings == DEFAULTS
    assert len(result.issues) == 1
    assert "not found" in result.issues[0].message


def test_not_utf8_and_a_folder_are_issues_not_errors(tmp_path: Path) -> None:
    path = tmp_path / "site.yaml"
    path.write_bytes(b"clinic_name: Caf\xe9\n")
    assert "not UTF-8" in load_settings(path).issues[0].message
    assert load_settings(tmp_path).issues[0].message.startswith("cannot be read")


# -- where the file is --------------------------------------------------------------------------
def test_config_path_lookup_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    system = config.SYSTEM_CONFIG
    user = tmp_path / "xdg" / "cartguide" / "site.yaml"
    assert config_path(None) is None  # nothing anywhere: defaults, and no issue
    write(system, "")
    assert config_path(None) == system
    write(user, "")
    assert config_path(None) == user  # the user's file comes before the system's
    monkeypatch.setenv("XDG_CONFIG_HOME", "")
    assert config_path(None) == system  # ~/.config (empty here) when XDG is unset
    home_file = write(tmp_path / "home" / ".config" / "cartguide" / "site.yaml", "")
    assert config_path(None) == home_file
    env_file = tmp_path / "env" / "missing.yaml"
    monkeypatch.setenv(config.CONFIG_ENV, str(env_file))
    assert config_path(None) == env_file  # returned even though missing, to be reported
    explicit = tmp_path / "explicit.yaml"
    assert config_path(explicit) == explicit  # --config beats everything, even if missing


def test_default_locations_give_defaults_without_issues() -> None:
    result = load_settings(config_path(None))
    assert result.settings == DEFAULTS
    assert result.issues == ()


# -- the PIN ------------------------------------------------------------------------------------
def test_hash_and_verify() -> None:
    encoded = hash_pin("482913")
    parts = encoded.split("$")
    assert parts[:4] == ["scrypt", "16384", "8", "1"]
    assert len(parts) == 6
    assert "482913" not in encoded
    assert verify_pin("482913", encoded)
    assert not verify_pin("482914", encoded)
    assert not verify_pin("", encoded)
    second = hash_pin("482913")
    assert second != encoded  # a new salt every time
    assert parts[4] != second.split("$")[4]
    assert verify_pin("482913", second)


@pytest.mark.parametrize("encoded", [None, "", "scrypt", "plain-text-pin",
                                     "scrypt$16384$8$1$$", "bcrypt$16384$8$1$AAAA$AAAA",
                                     "scrypt$16384$8$1$@@@@$AAAA"])
def test_verify_is_false_for_no_or_malformed_hash(encoded: str | None) -> None:
    assert verify_pin("1234", encoded) is False


def test_verify_rejects_a_tampered_hash() -> None:
    encoded = hash_pin("1234")
    head, key = encoded.rsplit("$", 1)
    flipped = ("B" if key[0] == "A" else "A") + key[1:]
    assert not verify_pin("1234", f"{head}${flipped}")


@pytest.mark.parametrize(("pin", "ok"), [("1234", True), ("12345678", True), ("0000", True),
                                         ("123", False), ("123456789", False), ("12a4", False),
                                         (" 1234", False), ("", False),
                                         ("\u0661\u0662\u0663\u0664", False)])  # Arabic-Indic
def test_valid_pin(pin: str, ok: bool) -> None:
    assert valid_pin(pin) is ok


# -- writing the hash ---------------------------------------------------------------------------
def test_write_pin_hash_creates_the_file_and_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "cartguide" / "site.yaml"
    encoded = hash_pin("1357")
    write_pin_hash(path, encoded)
    assert path.read_text(encoding="utf-8") == f"staff_pin_hash: {encoded}\n"
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_settings(path).settings.staff_pin_hash == encoded


def test_write_pin_hash_appends_and_keeps_every_other_line(tmp_path: Path) -> None:
    path = write(tmp_path / "site.yaml", FULL.rstrip("\n"))  # no newline at the end
    encoded = hash_pin("1357")
    write_pin_hash(path, encoded)
    assert path.read_text(encoding="utf-8") == FULL + f"staff_pin_hash: {encoded}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["site.yaml"]  # no temporary file left


def test_write_pin_hash_replaces_the_old_hash_in_place(tmp_path: Path) -> None:
    old = hash_pin("1111")
    text = ("# Site settings\nclinic_name: A  # shown on the About page\n"
            f"staff_pin_hash: {old}   # set 2026-01-05\n"
            "# idle settings\nidle_timeout_seconds: 300\n")
    path = write(tmp_path / "site.yaml", text)
    new = hash_pin("2222")
    write_pin_hash(path, new)
    after = path.read_text(encoding="utf-8")
    assert after == text.replace(f"staff_pin_hash: {old}   # set 2026-01-05",
                                 f"staff_pin_hash: {new}")
    result = load_settings(path)
    assert result.issues == ()
    assert verify_pin("2222", result.settings.staff_pin_hash)
    assert not verify_pin("1111", result.settings.staff_pin_hash)


def test_write_pin_hash_fixes_duplicates_and_continuation_lines(tmp_path: Path) -> None:
    text = ("staff_pin_hash:\n  scrypt$old\nclinic_name: A\n  # note\n"
            "staff_pin_hash: again\n")
    path = write(tmp_path / "site.yaml", text)
    new = hash_pin("2222")
    write_pin_hash(path, new)
    assert path.read_text(encoding="utf-8") == (f"staff_pin_hash: {new}\nclinic_name: A\n"
                                                "  # note\n")
    result = load_settings(path)
    assert result.issues == ()
    assert result.settings == Settings(clinic_name="A", staff_pin_hash=new)


def test_write_pin_hash_leaves_nested_keys_alone(tmp_path: Path) -> None:
    # Not top-level: the loader would report it as a bad value, but write_pin_hash must not
    # rewrite text it does not own.
    text = "clinic_name: >\n  staff_pin_hash: not me\n"
    path = write(tmp_path / "site.yaml", text)
    new = hash_pin("2222")
    write_pin_hash(path, new)
    assert path.read_text(encoding="utf-8") == text + f"staff_pin_hash: {new}\n"


# -- the commands -------------------------------------------------------------------------------
def run_cli(*args: str, stdin: str = "", cwd: Path | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cartguide", *args], input=stdin,
                          capture_output=True, text=True, timeout=120, cwd=cwd,
                          env={**os.environ, **(env or {})})


def hash_line(path: Path) -> str:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.startswith("staff_pin_hash:")]
    assert len(lines) == 1
    return lines[0].split(":", 1)[1].strip()


def test_set_pin_writes_a_verifiable_hash(tmp_path: Path) -> None:
    path = write(tmp_path / "site.yaml", "# our kiosk\nclinic_name: Day Unit\n")
    done = run_cli("set-pin", "--config", str(path), stdin="1234\n1234\n")
    assert done.returncode == 0, done.stdout + done.stderr
    assert str(path) in done.stdout
    assert "1234" not in done.stdout + done.stderr
    encoded = hash_line(path)
    assert verify_pin("1234", encoded)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# our kiosk\nclinic_name: Day Unit\n")
    assert "1234" not in text.replace(encoded, "")  # the PIN appears nowhere but (by chance) in
    assert encoded.startswith("scrypt$16384$8$1$")  # the base64 of the hash itself
    assert load_settings(path).settings.clinic_name == "Day Unit"


def test_set_pin_global_config_option_and_env_var(tmp_path: Path) -> None:
    by_option = tmp_path / "a" / "site.yaml"
    done = run_cli("--config", str(by_option), "set-pin", stdin="98765\n98765\n")
    assert done.returncode == 0, done.stderr
    assert verify_pin("98765", hash_line(by_option))
    by_env = tmp_path / "b" / "site.yaml"
    done = run_cli("set-pin", stdin="5555\n5555\n", env={config.CONFIG_ENV: str(by_env)})
    assert done.returncode == 0, done.stderr
    assert verify_pin("5555", hash_line(by_env))


def test_set_pin_defaults_to_the_user_file(tmp_path: Path) -> None:
    xdg = tmp_path / "xdg-sub"
    env = {"XDG_CONFIG_HOME": str(xdg), "HOME": str(tmp_path / "home")}
    env_without = {k: v for k, v in os.environ.items() if k != config.CONFIG_ENV}
    done = subprocess.run([sys.executable, "-m", "cartguide", "set-pin"], input="4321\n4321\n",
                          capture_output=True, text=True, timeout=120,
                          env={**env_without, **env})
    assert done.returncode == 0, done.stderr
    assert verify_pin("4321", hash_line(xdg / "cartguide" / "site.yaml"))


@pytest.mark.parametrize(("stdin", "words"), [
    ("1234\n1235\n", "not the same"),
    ("123\n123\n", "4 to 8 digits"),
    ("12a4\n12a4\n", "4 to 8 digits"),
    ("123456789\n123456789\n", "4 to 8 digits"),
    ("1234\n", "No PIN was given"),
    ("", "No PIN was given"),
])
def test_set_pin_refuses_bad_input(tmp_path: Path, stdin: str, words: str) -> None:
    path = write(tmp_path / "site.yaml", "clinic_name: A\n")
    done = run_cli("set-pin", "--config", str(path), stdin=stdin)
    assert done.returncode == 1
    assert words in done.stderr
    assert "Nothing was written" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert path.read_text(encoding="utf-8") == "clinic_name: A\n"


def test_set_pin_into_an_unwritable_place_is_a_calm_message(tmp_path: Path) -> None:
    blocker = write(tmp_path / "file", "")
    done = run_cli("set-pin", "--config", str(blocker / "site.yaml"), stdin="1234\n1234\n")
    assert done.returncode == 1
    assert "cannot be written" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_check_config_ok_and_with_problems(tmp_path: Path) -> None:
    good = write(tmp_path / "good.yaml", FULL + f"staff_pin_hash: {hash_pin('2468')}\n")
    done = run_cli("check-config", str(good))
    assert done.returncode == 0, done.stdout
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Settings OK")
    assert "St Example Cancer Centre" in lines[0] and "idle 300 s" in lines[0]
    assert "staff PIN set" in lines[0]
    assert "scrypt" not in done.stdout  # never the hash

    bad = write(tmp_path / "conf" / "bad.yaml",
                "clinic_name: A\nidle_timeout_seconds: 5\ncolour: blue\n")
    done = run_cli("--config", str(bad), "check-config", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith("conf/bad.yaml:2: idle_timeout_seconds: 5 is out of range")
    assert lines[1].startswith("conf/bad.yaml:3: colour: unknown key")
    assert lines[2].startswith("2 problems in")
    assert "Traceback" not in done.stdout + done.stderr

    done = run_cli("check-config", str(tmp_path / "missing.yaml"))
    assert done.returncode == 1
    assert "not found" in done.stdout


def test_check_config_without_any_file_uses_defaults(tmp_path: Path) -> None:
    if Path("/etc/cartguide/site.yaml").exists():  # a subprocess sees the real /etc
        pytest.skip("this machine has a system-wide settings file")
    done = run_cli("check-config")  # HOME and XDG_CONFIG_HOME: empty folders (the fixture)
    assert done.returncode == 0, done.stdout
    assert "no settings file found" in done.stdout
    assert "idle 120 s + 30 s countdown" in done.stdout


def test_set_pin_warns_when_the_user_file_hides_the_system_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import io

    from cartguide.cli import main

    system = write(config.SYSTEM_CONFIG, "clinic_name: From Etc\n")
    monkeypatch.setattr(sys, "stdin", io.StringIO("2468\n2468\n"))
    assert main(["set-pin"]) == 0
    user = tmp_path / "xdg" / "cartguide" / "site.yaml"
    assert verify_pin("2468", load_settings(user).settings.staff_pin_hash)
    err = capsys.readouterr().err
    assert "Note:" in err and str(system) in err and "--config" in err
    assert system.read_text(encoding="utf-8") == "clinic_name: From Etc\n"  # untouched


@pytest.mark.parametrize(("file_mode", "folder_mode", "words"), [
    (0o666, 0o755, "can be changed by others"),
    (0o664, 0o755, "can be changed by its group"),
    (0o644, 0o777, "can be changed by others"),
    (0o644, 0o775, "can be changed by its group"),
])
def test_settings_anyone_else_can_change_are_not_used(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], file_mode: int, folder_mode: int,
        words: str) -> None:
    """Like sshd's StrictModes (red-team B8): the whole file is ignored, so nobody who could
    write to it can set the staff PIN or turn printing on; check-config says how to fix it."""
    folder = tmp_path / "cfg"
    folder.mkdir()
    site = folder / "site.yaml"
    site.write_text(f"staff_pin_hash: {hash_pin('0000')}\nkiosk_printing: yes\n"
                    "clinic_name: Evil\n", encoding="utf-8")
    site.chmod(file_mode)
    folder.chmod(folder_mode)
    result = load_settings(site)
    assert result.settings == Settings()  # no PIN, no printing, no name: the safe defaults
    assert words in result.issues[0].message and "chmod go-w" in result.issues[0].message
    from cartguide.cli import main as cli

    assert cli(["check-config", str(site)]) == 1
    assert "is not used" in capsys.readouterr().out
    site.chmod(0o600)
    folder.chmod(0o755)
    assert load_settings(site).settings.kiosk_printing is True


def test_settings_owned_by_someone_else_are_not_used(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site.yaml"
    site.write_text("kiosk_printing: yes\n", encoding="utf-8")
    real_uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real_uid + 4242)
    if real_uid == 0:
        os.chown(site, 4243, -1)  # neither root nor "us"
    result = load_settings(site)
    assert "belongs to another user" in result.issues[0].message
    assert result.settings == Settings()


def test_check_config_warns_when_the_default_language_has_no_content(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cartguide.cli import main as cli

    site = tmp_path / "site.yaml"
    site.write_text("default_language: fr\n", encoding="utf-8")
    assert cli(["check-config", str(site)]) == 1
    assert "no content in 'fr'" in capsys.readouterr().out
