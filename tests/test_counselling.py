"""Counselling mode (outside the kiosk): jump anywhere from the outline, print or save what the
patient takes home. On a kiosk, printing only if the site allows it, and with no dialog."""

from __future__ import annotations

import logging
import os
import stat
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFrame

from cartguide import config
from cartguide.content import markup
from cartguide.ui import print_panel
from tests.conftest import buttons_named, click, visible_text
from tests.test_printing import CARD_POINTS, pdftotext_pages, read_pdf, squash


def plain(window, text: str) -> str:  # type: ignore[no-untyped-def]
    return markup.plain(text, window.ctx.term_name)


@pytest.fixture
def printed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every 'printer' becomes a PDF file in tmp_path, so the tests can read what was printed."""
    files: list[Path] = []
    original = print_panel.make_printer

    def to_file(document: str, settings: config.Settings) -> QPrinter:
        printer = original(document, settings)
        files.append(tmp_path / f"printed-{len(files)}.pdf")
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(files[-1]))
        return printer

    monkeypatch.setattr(print_panel, "make_printer", to_file)
    return files


def listen_bar(window) -> QFrame:  # type: ignore[no-untyped-def]
    return window.findChild(QFrame, "listenBar")


def open_dialog(qtbot, window, name: str, kind: type) -> QDialog:  # type: ignore[no-untyped-def]
    click(qtbot, listen_bar(window), name)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(kind)))
    return next(d for d in window.findChildren(kind) if d.isVisible())


def test_outline_jumps_to_any_section_or_step(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    steps = window.ctx.guide.steps.steps
    dialog = open_dialog(qtbot, window, "Outline", print_panel.OutlineDialog)
    click(qtbot, dialog, f"Step 3: {plain(window, steps[2].title)}")
    assert window.current_key == "steps"
    assert "Step 3 of 8" in visible_text(window)
    dialog = open_dialog(qtbot, window, "Outline", print_panel.OutlineDialog)
    click(qtbot, dialog, plain(window, window.ctx.guide.story.title))
    assert window.current_key == "story"


def test_save_a_wallet_card_as_pdf(window, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "card.pdf"
    monkeypatch.setattr(print_panel.QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(target), "PDF (*.pdf)"))
    dialog = open_dialog(qtbot, window, "Print", print_panel.PrintDialog)
    click(qtbot, dialog, "Wallet card")
    click(qtbot, dialog, "Save as PDF")
    sizes, texts = read_pdf(target)
    assert sizes == [CARD_POINTS, CARD_POINTS]
    first_sign = window.ctx.guide.side_effects.call_now.items[0]
    assert squash(plain(window, first_sign)) in squash(texts[1])


def test_print_chosen_sections_to_the_configured_printer(make_window, qtbot,  # type: ignore[no-untyped-def]
                                                         printed: list[Path]) -> None:
    window = make_window(settings=config.Settings(printer_name="Clinic printer"))
    guide = window.ctx.guide
    dialog = open_dialog(qtbot, window, "Print", print_panel.PrintDialog)
    for key in ("story", "evaluation", "glossary", "about"):
        attribute = {"warning-signs": "side_effects"}.get(key, key)
        click(qtbot, dialog, plain(window, getattr(guide, attribute).title))  # untick
    click(qtbot, dialog, "Print")  # a printer is configured: no printer dialog
    assert len(printed) == 1
    _, texts = read_pdf(printed[0])
    text = squash("".join(texts))
    assert squash(plain(window, guide.steps.steps[0].title)) in text
    assert squash(plain(window, guide.side_effects.call_now.heading)) in text
    assert squash(plain(window, guide.story.experience_note)) not in text


def test_print_preview_shows_the_pages(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, window, "Print", print_panel.PrintDialog)
    click(qtbot, dialog, "My questions checklist")
    click(qtbot, dialog, "Print preview")
    preview = dialog.preview_dialog
    assert isinstance(preview, QPrintPreviewDialog)
    qtbot.waitUntil(preview.isVisible)
    preview.close()


def test_kiosk_prints_this_page_straight_away_when_allowed(make_window, qtbot,  # type: ignore[no-untyped-def]
                                                           printed: list[Path]) -> None:
    window = make_window(kiosk=True, settings=config.Settings(kiosk_printing=True))
    assert not buttons_named(window, "Outline") and not buttons_named(window, "Print")
    click(qtbot, window, plain(window, window.ctx.guide.side_effects.title))
    click(qtbot, listen_bar(window), "Print this page")
    assert [d for d in window.findChildren(QDialog) if d.isVisible()] == []
    assert "Please collect your pages" in visible_text(listen_bar(window))
    _, texts = read_pdf(printed[0])
    text = squash("".join(texts))
    assert squash(plain(window, window.ctx.guide.side_effects.call_now.heading)) in text
    assert squash(plain(window, window.ctx.guide.steps.steps[0].title)) not in text


def test_kiosk_without_permission_has_no_print_button(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(kiosk=True)
    assert not buttons_named(window, "Print this page")
    assert not buttons_named(window, "Print") and not buttons_named(window, "Outline")


# -- the patient's details: typed, printed, never kept ----------------------------------------
NAME = "Zebedee Quorn-Ashworth"


def type_details(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLineEdit

    fields = {f.accessibleName(): f for f in dialog.findChildren(QLineEdit) if f.isVisible()}
    for label, words in (("Name", NAME), ("CAR-T infusion", "12 March 2027"),
                         ("Trial or product", "Claudin 18.2 trial"),
                         ("No driving until", "26 March 2027")):
        qtbot.mouseClick(fields[label], Qt.MouseButton.LeftButton)
        qtbot.keyClicks(fields[label], words)


def files_written_since(start: float, roots: list[Path], skip: Path) -> list[Path]:
    """Regular files (never a FIFO or socket: reading one would wait for ever) changed since
    ``start``, on the same file system as their root (no other people's mounts)."""
    found = []
    for root in roots:
        if not root.exists():
            continue
        device = root.stat().st_dev
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if _same_device(Path(folder) / d, device)]
            for name in names:
                path = Path(folder) / name
                try:
                    info = path.lstat()
                except OSError:
                    continue
                if (path != skip and stat.S_ISREG(info.st_mode) and info.st_mtime >= start - 1
                        and info.st_size < 50_000_000):
                    found.append(path)
    return found


def _same_device(path: Path, device: int) -> bool:
    try:
        info = path.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_dev == device


def test_typed_details_go_on_the_page_and_nowhere_else(make_window, qtbot,  # type: ignore[no-untyped-def]
                                                       tmp_path: Path, caplog,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    caplog.set_level(logging.DEBUG)
    # The app's log file, as `cartguide` sets it up, at the most talkative level.
    log_file = logging.FileHandler(Path(os.environ["CARTGUIDE_LOG_DIR"]) / "cartguide.log")
    log_file.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(log_file)
    monkeypatch.setattr(logging.getLogger(), "level", logging.DEBUG)
    home = tmp_path / "home"
    for variable, folder in (("HOME", home), ("XDG_CONFIG_HOME", home / ".config"),
                             ("XDG_STATE_HOME", home / ".local/state"),
                             ("XDG_CACHE_HOME", home / ".cache"),
                             ("XDG_DATA_HOME", home / ".local/share"),
                             ("TMPDIR", tmp_path / "tmp")):
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(variable, str(folder))
    start = time.time()
    window = make_window(settings=config.Settings(clinic_name="Test Centre"))
    out = tmp_path / "out" / "card.pdf"
    out.parent.mkdir()
    monkeypatch.setattr(print_panel.QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(out), "PDF (*.pdf)"))
    dialog = open_dialog(qtbot, window, "Print", print_panel.PrintDialog)
    click(qtbot, dialog, "Wallet card")
    type_details(qtbot, dialog)
    click(qtbot, dialog, "Save as PDF")
    front = squash(pdftotext_pages(out)[0])
    assert squash(NAME) in front and "12March2027" in front
    click(qtbot, dialog, "Personal plan")
    plan = tmp_path / "out" / "plan.pdf"
    monkeypatch.setattr(print_panel.QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(plan), "PDF (*.pdf)"))
    click(qtbot, dialog, "Save as PDF")
    first = squash(pdftotext_pages(plan)[0])
    assert squash(NAME) in first and "26March2027" in first
    click(qtbot, dialog, "Close")
    qtbot.waitUntil(lambda: not any(d.isVisible() for d in
                                    window.findChildren(print_panel.PrintDialog)))
    # Gone from memory: a new dialog starts empty.
    again = open_dialog(qtbot, window, "Print", print_panel.PrintDialog)
    click(qtbot, again, "Wallet card")
    from PySide6.QtWidgets import QLineEdit

    assert all(not f.text() for f in again.findChildren(QLineEdit))
    click(qtbot, again, "Close")
    log_file.close()
    logging.getLogger().removeHandler(log_file)
    assert NAME not in caplog.text and "12 March 2027" not in caplog.text
    # Nowhere on disk but the printed pages: the log folder, $HOME, the XDG folders, tmp, and
    # the app's own folders in the real home.
    real_home = Path(os.path.expanduser("~root")) if os.name == "posix" else Path.home()
    roots = [home, tmp_path / "tmp", Path(os.environ["CARTGUIDE_LOG_DIR"]), Path("/tmp"),
             Path("/var/tmp"), real_home / ".config/cartguide", real_home / ".cache/cartguide",
             real_home / ".local/state/cartguide", real_home / ".local/share"]
    needles = [NAME.encode(), NAME.encode("utf-16-le")]
    for path in files_written_since(start, roots, out):
        if path in (out, plan) or path.suffix == ".pyc":
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        assert not any(n in data for n in needles), f"the patient's name is in {path}"


def test_a_pdf_that_cannot_be_saved_gets_a_calm_message(window, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "missing-folder" / "card.pdf"
    monkeypatch.setattr(print_panel.QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(target), "PDF (*.pdf)"))
    dialog = open_dialog(qtbot, window, "Print", print_panel.PrintDialog)
    click(qtbot, dialog, "Wallet card")
    click(qtbot, dialog, "Save as PDF")
    shown = visible_text(dialog)
    assert "Sorry, the PDF was not saved." in shown and "no such folder" in shown
    assert "Traceback" not in shown
    assert not target.exists()


@pytest.mark.qt_log_ignore("QPainter::begin")
def test_a_printer_that_does_not_start_gets_a_calm_message(make_window, qtbot,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    original = print_panel.make_printer

    def broken(document: str, settings: config.Settings) -> QPrinter:
        printer = original(document, settings)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "no" / "such" / "place.pdf"))
        return printer

    monkeypatch.setattr(print_panel, "make_printer", broken)
    window = make_window(settings=config.Settings(printer_name="Clinic printer"))
    dialog = open_dialog(qtbot, window, "Print", print_panel.PrintDialog)
    click(qtbot, dialog, "Print")
    assert "Sorry, printing did not work." in visible_text(dialog)
