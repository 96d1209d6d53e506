"""Signed content bundles: only a bundle signed with the site's key, complete, safe and valid is
ever used; the switch happens at an idle reset; a failed or interrupted switch leaves (or puts
back) a valid guide."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from cartguide import bundles, resources
from cartguide.cli import bundle_validator, main
from cartguide.content import GuideLibrary, load_guide

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("keys")
    made: dict[str, object] = {}
    for name in ("good", "other"):
        pem, public = bundles.generate_key()
        (folder / f"{name}.key").write_bytes(pem)
        made[name] = folder / f"{name}.key"
        made[f"{name}.pub"] = public
    return made


def raw(public: object) -> list[bytes]:
    found, problems = bundles.parse_public_keys(str(public))
    assert not problems
    return found


def content_tree(tmp_path: Path, name: str, title: str) -> Path:
    """A whole content folder whose English home title is ``title``."""
    target = tmp_path / name
    shutil.copytree(resources.content_root(), target)
    home = target / "en" / "home.yaml"
    text = home.read_text(encoding="utf-8")
    home.write_text(text.replace("title: Welcome to the CAR-T Guide", f"title: {title}", 1),
                    encoding="utf-8")
    return target


def make(tmp_path: Path, keys: dict[str, object], title: str, *, key: str = "good",
         created: str = "2026-11-30T01:00:00Z", name: str | None = None) -> Path:
    import datetime

    source = content_tree(tmp_path, f"src-{title.replace(' ', '-')}", title)
    folder = tmp_path / "share"
    folder.mkdir(exist_ok=True)
    output = folder / (name or f"{title.replace(' ', '-')}.cgbundle")
    bundles.make_bundle(source, "content", Path(str(keys[key])), output, version=title,
                        now=datetime.datetime.fromisoformat(created.replace("Z", "+00:00")))
    return output


def test_a_bundle_made_with_one_command_is_checked_like_a_kiosk_would(
        tmp_path: Path, keys: dict[str, object], capsys: pytest.CaptureFixture[str]) -> None:
    source = content_tree(tmp_path, "draft", "Welcome, version 2")
    out = tmp_path / "v2.cgbundle"
    assert main(["bundle", "make", "--key", str(keys["good"]), "--content", str(source),
                 "-o", str(out), "--version", "1.1-clinic"]) == 0
    assert main(["bundle", "check", str(out), "--public-key", str(keys["good.pub"])]) == 0
    assert "OK: content bundle, version 1.1-clinic" in capsys.readouterr().out
    assert main(["bundle", "check", str(out), "--public-key", str(keys["other.pub"])]) == 1
    assert "signature does not match" in capsys.readouterr().err
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["kind"] == "content" and manifest["version"] == "1.1-clinic"
    entry = next(f for f in manifest["files"] if f["path"] == "en/home.yaml")
    data = (source / "en" / "home.yaml").read_bytes()
    assert entry == {"path": "en/home.yaml", "size": len(data),
                     "sha256": hashlib.sha256(data).hexdigest()}


def test_make_refuses_to_sign_content_with_errors(tmp_path: Path, keys: dict[str, object],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    source = content_tree(tmp_path, "broken", "Hello")
    steps = source / "en" / "steps.yaml"
    steps.write_text(steps.read_text(encoding="utf-8").replace("steps:", "stepz:", 1),
                     encoding="utf-8")
    out = tmp_path / "broken.cgbundle"
    assert main(["bundle", "make", "--key", str(keys["good"]), "--content", str(source),
                 "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert "steps.yaml:" in captured.out and "nothing was signed" in captured.err
    assert not out.exists()


def test_keygen_never_overwrites_a_key_and_keeps_it_private(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = tmp_path / "educator.key"
    assert main(["bundle", "keygen", "-o", str(key)]) == 0
    line = capsys.readouterr().out.splitlines()[-1]
    assert line.startswith("bundle_public_keys: cartguide-ed25519:")
    assert (key.stat().st_mode & 0o077) == 0
    assert main(["bundle", "keygen", "-o", str(key)]) == 1


# -- what a kiosk refuses -----------------------------------------------------------------------
def refuse(path: Path, public: object, match: str) -> None:
    with pytest.raises(bundles.BundleError, match=match):
        bundles.read_bundle(path, raw(public))


def resign(path: Path, key_path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    """Rewrite a bundle: ``edit(manifest, members)`` changes it, then it is signed again."""
    key = bundles.load_private_key(key_path)
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    manifest = json.loads(members.pop("manifest.json"))
    members.pop("manifest.sig")
    edit(manifest, members)
    data = json.dumps(manifest).encode()
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", data)
        archive.writestr("manifest.sig", base64.b64encode(key.sign(data)))
        for name, body in members.items():
            archive.writestr(name, body)


def test_wrong_key_truncated_and_changed_bundles_are_refused(tmp_path: Path,
                                                             keys: dict[str, object]) -> None:
    good = make(tmp_path, keys, "Good")
    bundles.read_bundle(good, raw(keys["good.pub"]))  # the real one passes
    refuse(good, keys["other.pub"], "signature does not match")
    refuse(make(tmp_path, keys, "Wrong key", key="other"), keys["good.pub"], "signature")
    truncated = tmp_path / "truncated.cgbundle"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    refuse(truncated, keys["good.pub"], "not a complete bundle")
    # A file changed after signing (same manifest, same signature).
    changed = tmp_path / "changed.cgbundle"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(changed, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "files/en/home.yaml":
                body = body.replace(b"Good", b"Evil")
            target.writestr(info.filename, body)
    refuse(changed, keys["good.pub"], "does not match its SHA-256")
    with pytest.raises(bundles.BundleError, match="no public keys"):
        bundles.read_bundle(good, [])


@pytest.mark.parametrize("name", ["../evil.yaml", "/etc/evil.yaml", "en/../../evil.yaml",
                                  "en/.hidden.yaml", "en\\evil.yaml", "en/run.sh"])
def test_unsafe_names_are_refused_even_when_signed(tmp_path: Path, keys: dict[str, object],
                                                   name: str) -> None:
    path = make(tmp_path, keys, "Traversal")

    def edit(manifest, members):  # type: ignore[no-untyped-def]
        body = members.pop("files/en/home.yaml")
        manifest["files"] = [f if f["path"] != "en/home.yaml" else
                             {**f, "path": name} for f in manifest["files"]]
        members["files/" + name] = body

    resign(path, Path(str(keys["good"])), edit)
    refuse(path, keys["good.pub"], "unsafe file name|not allowed")


def test_symlinks_extra_files_and_oversized_members_are_refused(
        tmp_path: Path, keys: dict[str, object]) -> None:
    path = make(tmp_path, keys, "Links")
    with zipfile.ZipFile(path) as source:
        members = [(i, source.read(i)) for i in source.infolist()]
    linked = tmp_path / "linked.cgbundle"
    with zipfile.ZipFile(linked, "w") as target:
        for info, body in members:
            if info.filename == "files/en/home.yaml":
                info.external_attr = (0o120777 << 16)  # a symbolic link
            target.writestr(info, body)
    refuse(linked, keys["good.pub"], "symbolic links")
    extra = tmp_path / "extra.cgbundle"
    shutil.copy(path, extra)
    with zipfile.ZipFile(extra, "a") as target:
        target.writestr("files/en/unlisted.yaml", b"x: y\n")
    refuse(extra, keys["good.pub"], "does not list")

    def lie_about_size(manifest, members):  # type: ignore[no-untyped-def]
        for entry in manifest["files"]:
            if entry["path"] == "en/home.yaml":
                entry["size"] = 10  # the real file is larger: never read past what was signed
    resign(path, Path(str(keys["good"])), lie_about_size)
    refuse(path, keys["good.pub"], "larger than allowed|SHA-256")


# -- a kiosk's store ----------------------------------------------------------------------------
def test_a_bundle_with_a_content_error_is_never_unpacked_into_use(
        tmp_path: Path, keys: dict[str, object]) -> None:
    source = content_tree(tmp_path, "error", "Broken")
    (source / "zh_CN" / "glossary.yaml").write_text("terms: [oops\n", encoding="utf-8")
    share = tmp_path / "share"
    share.mkdir()
    bundles.make_bundle(source, "content", Path(str(keys["good"])), share / "e.cgbundle")
    store = bundles.BundleStore(tmp_path / "state")
    assert store.prepare(share, raw(keys["good.pub"]), bundle_validator) == []
    assert store.active_path("content") is None
    assert not list((tmp_path / "state" / "store").iterdir())
    assert not list((tmp_path / "state" / "staging").iterdir()), "staging is cleaned up"


def test_newest_bundle_wins_and_an_older_one_never_replaces_it(
        tmp_path: Path, keys: dict[str, object]) -> None:
    make(tmp_path, keys, "One", created="2026-11-30T01:00:00Z")
    make(tmp_path, keys, "Two", created="2026-11-30T02:00:00Z")
    store = bundles.BundleStore(tmp_path / "state")
    public = raw(keys["good.pub"])
    (ready,) = store.prepare(tmp_path / "share", public, bundle_validator)
    assert ready.version == "Two"
    store.begin_switch("content", ready.id)
    store.confirm("content")
    assert store.prepare(tmp_path / "share", public, bundle_validator) == []
    active = store.active_path("content")
    assert active is not None
    guide = GuideLibrary(active).load("en").guide
    assert guide.home is not None and guide.home.title == "Two"


# -- the switch in the app ----------------------------------------------------------------------
@pytest.fixture
def kiosk_with_bundles(styled_app, tmp_path: Path, keys: dict[str, object], qtbot):  # type: ignore[no-untyped-def]
    """Start a kiosk as app.run does, with a bundle folder, the site's key and a status file."""
    from cartguide.app import open_guide
    from cartguide.config import Settings
    from tests.conftest import dispose
    from tests.fakes import FakeSpeaker

    share = tmp_path / "share"
    share.mkdir()
    settings = Settings(bundle_folder=str(share), bundle_public_keys=str(keys["good.pub"]),
                        status_file=str(tmp_path / "status" / "cartguide.prom"))
    store = bundles.BundleStore(tmp_path / "state")
    made = []

    def start():  # type: ignore[no-untyped-def]
        win = open_guide(styled_app, kiosk=True, settings=settings, bundle_store=store,
                         speaker=FakeSpeaker())
        made.append(win)
        win.resize(1280, 860)
        win.show()
        qtbot.waitExposed(win)
        return win

    yield start, store, share, settings
    for win in made:
        dispose(win)


def home_title(window) -> str:  # type: ignore[no-untyped-def]
    from tests.conftest import visible_text

    return visible_text(window)


def test_a_new_bundle_is_switched_in_at_the_idle_reset_not_before(
        kiosk_with_bundles, tmp_path: Path, keys: dict[str, object], qtbot) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import click, finish_visit

    start, store, _share, settings = kiosk_with_bundles
    window = start()
    assert "Welcome to the CAR-T Guide" in home_title(window)
    make(tmp_path, keys, "Welcome to the new edition")
    click(qtbot, window, "How CAR-T treatment works")  # someone is reading
    assert "Welcome to the new edition" not in home_title(window)
    finish_visit(qtbot, window)  # Finish, and yes: the guide starts over
    qtbot.waitUntil(lambda: "Welcome to the new edition" in home_title(window), timeout=10000)
    assert store.describe()["content"]["version"] == "Welcome to the new edition"
    assert not (store.root / "content.trial").exists(), "confirmed after it loaded"
    status = Path(settings.status_file).read_text(encoding="utf-8")
    assert 'cartguide_bundle_info{kind="content",version="Welcome to the new edition"' in status
    assert "cartguide_resets_total 1" in status


@pytest.mark.parametrize("problem", ["wrong key", "truncated", "content error"])
def test_a_bad_bundle_leaves_the_guide_as_it_was(
        kiosk_with_bundles, tmp_path: Path, keys: dict[str, object], qtbot,  # type: ignore[no-untyped-def]
        problem: str) -> None:
    from tests.conftest import finish_visit

    start, store, share, _ = kiosk_with_bundles
    window = start()
    if problem == "wrong key":
        make(tmp_path, keys, "Bad edition", key="other")
    elif problem == "truncated":
        path = make(tmp_path, keys, "Bad edition")
        path.write_bytes(path.read_bytes()[:5000])
    else:
        source = content_tree(tmp_path, "bad", "Bad edition")
        steps = source / "en" / "steps.yaml"
        steps.write_text(steps.read_text(encoding="utf-8") + "\nsurprise: key\n",
                         encoding="utf-8")
        bundles.make_bundle(source, "content", Path(str(keys["good"])), share / "b.cgbundle")
    finish_visit(qtbot, window)
    qtbot.wait(50)
    text = home_title(window)
    assert "Welcome to the CAR-T Guide" in text and "Bad edition" not in text
    assert store.active_path("content") is None


def test_a_bundle_that_does_not_load_is_rolled_back_at_once(
        tmp_path: Path, keys: dict[str, object], make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A validator that (wrongly) passes everything: the load itself catches it."""
    from cartguide.app import guide_library
    from cartguide.config import Settings
    from cartguide.status import KioskStatus
    from cartguide.ui.maintenance import KioskMaintenance

    window = make_window(kiosk=True)
    source = content_tree(tmp_path, "bad", "Never shown")
    (source / "en" / "about.yaml").write_text("nonsense: [\n", encoding="utf-8")
    share = tmp_path / "share"
    share.mkdir()
    bundles.make_bundle(source, "content", Path(str(keys["good"])), share / "x.cgbundle")
    store = bundles.BundleStore(tmp_path / "state")
    settings = Settings(bundle_folder=str(share), bundle_public_keys=str(keys["good.pub"]))
    # Started with the bundle already there: it is tried at once (nobody is reading yet).
    keeper = KioskMaintenance(window, settings, store, lambda: guide_library(None, store),
                              KioskStatus(), lambda kind, folder: [])
    assert store.active_path("content") is None, "rolled back to the shipped content"
    assert keeper.status.rollbacks == 1
    assert window.ctx.guide.about is not None, "a valid guide is shown"
    assert not keeper.check_bundles(), "a version that failed is not tried again"


# -- power cut in the middle of a switch --------------------------------------------------------
SWITCH = """
import os, signal, sys
from pathlib import Path
from cartguide import bundles
from cartguide.cli import bundle_validator
from cartguide.content import GuideLibrary

root, share, public, stop_at = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]

def checkpoint(name):
    if name == stop_at:
        os.kill(os.getpid(), signal.SIGKILL)   # the power goes off here

bundles.checkpoint = checkpoint
store = bundles.BundleStore(root)
store.recover()
keys, _ = bundles.parse_public_keys(public)
for ready in store.prepare(share, keys, bundle_validator):
    store.begin_switch(ready.kind, ready.id)
    result = GuideLibrary(store.active_path("content")).load("en")   # what the app shows
    assert not result.errors
    store.confirm(ready.kind)
print("done")
"""


@pytest.mark.parametrize("stop_at", ["before-trial", "after-trial", "after-pointer",
                                     "after-confirm", "never"])
def test_kill_9_mid_switch_always_leaves_a_valid_guide(
        tmp_path: Path, keys: dict[str, object], stop_at: str) -> None:
    share = tmp_path / "share"
    state = tmp_path / "state"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    script = tmp_path / "switch.py"
    script.write_text(textwrap.dedent(SWITCH), encoding="utf-8")

    def run(stop: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(script), str(state), str(share),
                               str(keys["good.pub"]), stop], capture_output=True, text=True,
                              env=env, timeout=120)

    make(tmp_path, keys, "First", created="2026-11-30T01:00:00Z")
    assert run("never").returncode == 0  # version "First" is installed and confirmed
    make(tmp_path, keys, "Second", created="2026-11-30T02:00:00Z")
    done = run(stop_at)
    if stop_at == "never":
        assert done.returncode == 0, done.stderr
    else:
        assert done.returncode == -signal.SIGKILL, done.stderr

    # The kiosk starts again (as app.run does): recover, then load what is in use.
    store = bundles.BundleStore(state)
    store.recover()
    active = store.active_path("content")
    assert active is not None
    for language in ("en", "zh_CN"):
        result = load_guide(active / language, illustrations=resources.illustration_names())
        assert not result.errors, result.errors
    title = GuideLibrary(active).load("en").guide.home.title  # type: ignore[union-attr]
    expected = "Second" if stop_at in ("after-confirm", "never") else "First"
    assert title == expected
    assert not (state / "content.trial").exists()
    # An interrupted switch is tried once more at the next quiet moment, then it sticks.
    if expected == "First":
        again = run("never")
        assert again.returncode == 0, again.stderr
        store = bundles.BundleStore(state)
        assert GuideLibrary(store.active_path("content")).load(
            "en").guide.home.title == "Second"  # type: ignore[union-attr]


def test_a_site_layer_travels_as_a_bundle_and_applies_on_the_kiosk(
        tmp_path: Path, keys: dict[str, object], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from cartguide.app import guide_library

    layer = tmp_path / "site"
    for language in ("en", "zh_CN"):
        steps = layer / language / "steps.yaml"
        steps.parent.mkdir(parents=True)
        steps.write_text("steps:\n  - id: collection\n    time: [About 3 hours here.]\n",
                         encoding="utf-8")
    (layer / "site.yaml").write_text("name: St Example\n", encoding="utf-8")
    share = tmp_path / "share"
    out = share / "site.cgbundle"
    assert main(["bundle", "make", "--key", str(keys["good"]), "--site-layer", str(layer),
                 "-o", str(out), "--version", "site-1"]) == 0
    store = bundles.BundleStore(tmp_path / "state")
    (ready,) = store.prepare(share, raw(keys["good.pub"]), bundle_validator)
    assert ready.kind == "site-layer"
    store.begin_switch(ready.kind, ready.id)
    store.confirm(ready.kind)
    guide = guide_library(None, store).load("en").guide
    assert guide.site is not None and guide.site.name == "St Example"
    assert guide.steps is not None
    assert next(s for s in guide.steps.steps if s.id == "collection").time == (
        "About 3 hours here.",)
    monkeypatch.setenv("CARTGUIDE_DATA_DIR", str(tmp_path / "state-parent"))
    shutil.copytree(tmp_path / "state", tmp_path / "state-parent" / "bundles")
    capsys.readouterr()
    assert main(["bundle", "status"]) == 0
    shown = capsys.readouterr().out
    assert "site-layer: site-1 (site-layer-" in shown and "content: none" in shown
    # A broken layer is never signed.
    (layer / "en" / "steps.yaml").write_text("steps:\n  - id: collection\n    time: 3 hours\n",
                                             encoding="utf-8")
    assert main(["bundle", "make", "--key", str(keys["good"]), "--site-layer", str(layer),
                 "-o", str(tmp_path / "bad.cgbundle")]) == 1
    assert not (tmp_path / "bad.cgbundle").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_in_the_bundle_folder_never_blocks_the_kiosk(
        tmp_path: Path, keys: dict[str, object]) -> None:
    share = tmp_path / "share"
    share.mkdir()
    os.mkfifo(share / "stuck.cgbundle")
    store = bundles.BundleStore(tmp_path / "state")
    assert store.prepare(share, raw(keys["good.pub"]), bundle_validator) == []
    with pytest.raises(bundles.BundleError, match="not a regular file"):
        bundles.read_bundle(share / "stuck.cgbundle", raw(keys["good.pub"]))
