"""Counselling mode (outside the kiosk): jump anywhere from the outline, print or save what the
patient takes home. On a kiosk, printing only if the site allows it, and with no dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFrame

from cartguide import config
from cartguide.content import markup
from cartguide.ui import print_panel
from tests.conftest import buttons_named, click, visible_text
from tests.test_printing import CARD_POINTS, read_pdf, squash


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
