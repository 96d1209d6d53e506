"""Counselling tools: an outline to jump anywhere, and printing — the handout (chosen sections),
the wallet card, a sheet of cards, or the questions checklist — with preview, to the clinic's
printer, or to a PDF. On a kiosk, printing (only if the site allows it) goes straight to the
configured printer with no dialog."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QMarginsF, Qt, Signal, Slot
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QWidget,
)

from cartguide import printing
from cartguide.config import Settings
from cartguide.content import Guide, markup
from cartguide.i18n import tr
from cartguide.ui.widgets.dialog import CalmDialog

log = logging.getLogger(__name__)

#: The handout sections that go with each page, for "print this page" on a kiosk (a topic's
#: page prints that topic).
PAGE_SECTIONS = {
    "steps": ["steps"], "story": ["story"], "evaluation": ["evaluation"],
    "side_effects": ["warning-signs"], "glossary": ["glossary"], "about": ["about"],
}


def make_printer(document: str, settings: Settings) -> QPrinter:
    """A printer set up for ``document`` (the site's printer if one is named)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if settings.printer_name:
        printer.setPrinterName(settings.printer_name)
    size, margins = printing.page_setup(document)
    printer.setPageSize(size)
    printer.setPageMargins(QMarginsF(margins, margins, margins, margins),
                           QPageLayout.Unit.Millimeter)
    printer.setDocName(tr("CAR-T Guide"))
    return printer


def _button(text: str, description: str, slot: object) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(text)
    button.setAccessibleDescription(description)
    button.clicked.connect(slot)
    return button


class OutlineDialog(CalmDialog):
    """Every section and step, one tap away."""

    chosen = Signal(str, int)  # section key, step index (-1: the section itself)

    def __init__(self, guide: Guide, parent: QWidget | None = None) -> None:
        super().__init__("outlineDialog", tr("Outline"), role="h2", parent=parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.choice: tuple[str, int | None] | None = None
        plain = markup.plain
        entries: list[tuple[str, str, int | None]] = []
        keys = ["home", *guide.home_sections]
        keys += [k for k in ("steps", "story", "evaluation", "side_effects", "glossary", "about")
                 if k not in keys]  # a special section home does not list is still here
        for key in keys:
            section = guide.section(key)
            if section is None:
                continue
            entries.append((plain(section.title), key, None))
            if key == "steps":
                entries += [(tr("Step {0}: {1}").format(n, plain(step.title)), key, n - 1)
                            for n, step in enumerate(section.steps, start=1)]
        # Two columns (sections, then the steps) so the list fits a laptop screen.
        grid = QGridLayout()
        grid.setSpacing(10)
        rows = {"sections": 0, "steps": 0}
        for text, key, step in entries:
            button = QPushButton(text)
            button.setObjectName("outlineEntry")
            button.setAccessibleName(text)
            button.setAccessibleDescription(tr("Go to this part of the guide"))
            button.clicked.connect(lambda _c=False, k=key, s=step: self._pick(k, s))
            column = "steps" if step is not None else "sections"
            grid.addWidget(button, rows[column], 0 if column == "sections" else 1)
            rows[column] += 1
        self.body.addLayout(grid)
        self.body.addWidget(_button(tr("Close"), tr("Close the outline"), self.reject))
        self.setMinimumWidth(900)

    def _pick(self, key: str, step: int | None) -> None:
        self.choice = (key, step)
        self.accept()
        self.chosen.emit(key, -1 if step is None else step)


class PrintDialog(CalmDialog):
    """Choose what to print, then preview, print or save it as a PDF."""

    def __init__(self, guide: Guide, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__("printDialog", tr("Print for the patient"), role="h2", parent=parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._guide = guide
        self._settings = settings
        self.setMinimumWidth(900)
        choices = QGridLayout()
        choices.setSpacing(10)
        self._documents = QButtonGroup(self)
        names = {"handout": tr("Handout"), "wallet-card": tr("Wallet card"),
                 "wallet-sheet": tr("Sheet of 10 wallet cards"),
                 "questions": tr("My questions checklist")}
        for index, document in enumerate(printing.DOCUMENTS):
            # Big checkable buttons, not radio buttons: the whole width answers a tap.
            radio = QPushButton(names[document])
            radio.setObjectName("choice")
            radio.setCheckable(True)
            radio.setAccessibleName(names[document])
            radio.setAccessibleDescription(tr("Print this"))
            radio.setChecked(index == 0)
            radio.setProperty("document", document)
            radio.toggled.connect(self._update)
            self._documents.addButton(radio, index)
            choices.addWidget(radio, index // 2, index % 2)
        self.body.addLayout(choices)
        parts = QGridLayout()
        parts.setSpacing(10)
        self._sections: dict[str, QPushButton] = {}
        for key in printing.handout_sections(guide):
            section = printing.handout_section(guide, key)
            if section is None:
                continue
            box = QPushButton("\u2713  " + markup.plain(section.title))
            box.setObjectName("choice")
            box.setCheckable(True)
            box.setAccessibleName(markup.plain(section.title))
            box.setAccessibleDescription(tr("Include this part in the handout"))
            box.setChecked(True)
            box.toggled.connect(self._update)
            count = len(self._sections)
            self._sections[key] = box
            parts.addWidget(box, count // 2, count % 2)
        self.body.addLayout(parts)
        row = QHBoxLayout()
        row.addWidget(_button(tr("Print preview"), tr("See the pages before printing"),
                              self.preview))
        printer_words = (tr("Print on {0}").format(settings.printer_name)
                         if settings.printer_name else tr("Choose a printer and print"))
        row.addWidget(_button(tr("Print"), printer_words, self.print_now))
        row.addWidget(_button(tr("Save as PDF"), tr("Save the pages as a PDF file"),
                              self.save_pdf))
        row.addStretch(1)
        row.addWidget(_button(tr("Close"), tr("Close without printing"), self.reject))
        self.body.addLayout(row)
        self.preview_dialog: QPrintPreviewDialog | None = None
        self._update()

    @property
    def document(self) -> str:
        checked = self._documents.checkedButton()
        return str(checked.property("document")) if checked else "handout"

    @property
    def sections(self) -> list[str]:
        return [key for key, box in self._sections.items() if box.isChecked()]

    @Slot()
    def _update(self) -> None:
        for box in self._sections.values():
            box.setEnabled(self.document == "handout")
            words = box.accessibleName()
            box.setText(("\u2713  " if box.isChecked() else "\u2003  ") + words)

    def _render(self, device: QPrinter) -> None:
        printing.print_to(device, self.document, self._guide, self._settings,
                          self.sections or None)

    @Slot()
    def preview(self) -> None:
        # Kept on self: the preview holds only a C++ pointer to the printer, and a printer
        # Python has let go of is deleted under it (a crash, seen in a test).
        self._preview_printer = make_printer(self.document, self._settings)
        self.preview_dialog = QPrintPreviewDialog(self._preview_printer, self)
        self.preview_dialog.paintRequested.connect(self._render)
        self.preview_dialog.open()

    @Slot()
    def print_now(self) -> None:
        printer = make_printer(self.document, self._settings)
        if not self._settings.printer_name:
            dialog = QPrintDialog(printer, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
        self._render(printer)
        log.info("printed %s", self.document)

    @Slot()
    def save_pdf(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, tr("Save as PDF"),
                                                    f"cart-guide-{self.document}.pdf",
                                                    "PDF (*.pdf)")
        if not path:
            return
        size, margins = printing.page_setup(self.document)
        writer = printing.pdf_writer(Path(path), size, margins)
        self._render(writer)  # type: ignore[arg-type]


def print_page_on_kiosk(key: str, guide: Guide, settings: Settings) -> int:
    """Kiosk: this page's part of the handout, straight to the configured printer."""
    sections = PAGE_SECTIONS.get(key) or ([key] if key in guide.topics
                                          else printing.handout_sections(guide))
    printer = make_printer("handout", settings)
    pages = printing.print_handout(printer, guide, sections, settings)
    log.info("kiosk printed %s (%d pages)", key, pages)
    return pages
