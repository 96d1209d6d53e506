"""Counselling tools: an outline to jump anywhere, and printing — the handout (chosen sections),
the wallet card, a sheet of cards, or the questions checklist — with preview, to the clinic's
printer, or to a PDF. On a kiosk, printing (only if the site allows it) goes straight to the
configured printer with no dialog."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QMarginsF, Qt, Signal, Slot
from PySide6.QtGui import QPageLayout, QShowEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cartguide import printing
from cartguide.config import Settings
from cartguide.content import Guide, markup
from cartguide.i18n import tr
from cartguide.ui import accessibility
from cartguide.ui.widgets.dialog import CalmDialog
from cartguide.ui.widgets.text import PlainLabel

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
        # Two columns (sections, then the steps) so the list fits a laptop screen; one column
        # (the same order) where two would cut words (large text).
        grid = QGridLayout()
        grid.setSpacing(10)
        buttons: list[tuple[QPushButton, bool]] = []
        for text, key, step in entries:
            button = QPushButton(text)
            button.setObjectName("outlineEntry")
            button.setAccessibleName(text)
            button.setAccessibleDescription(tr("Go to this part of the guide"))
            button.clicked.connect(lambda _c=False, k=key, s=step: self._pick(k, s))
            buttons.append((button, step is not None))
        for button, _step in buttons:
            button.setParent(self.panel)
            button.ensurePolished()
        widest = max((b.sizeHint().width() for b, _s in buttons), default=0)
        room = (parent.window().width() if parent is not None else 10_000) - 48 - 96 - 40
        two = 2 * widest + 10 <= room
        rows = {False: 0, True: 0}
        for index, (button, in_steps) in enumerate(buttons):
            if two:
                grid.addWidget(button, rows[in_steps], 1 if in_steps else 0)
                rows[in_steps] += 1
            else:
                grid.addWidget(button, index, 0)
        self.body.addLayout(grid)
        self.body.addWidget(_button(tr("Close"), tr("Close the outline"), self.reject))
        self.setMinimumWidth(900)

    def _pick(self, key: str, step: int | None) -> None:
        self.choice = (key, step)
        self.accept()
        self.chosen.emit(key, -1 if step is None else step)


#: The patient's details a nurse may type: field -> label. Kept in the dialog's memory only.
DETAIL_FIELDS = (
    ("name", "Name"),
    ("trial", "Trial or product"),
    ("collection", "Cell collection"),
    ("chemotherapy", "Chemotherapy"),
    ("infusion", "CAR-T infusion"),
    ("stay_near_until", "Stay near the treatment centre until"),
    ("no_driving_until", "No driving until"),
    ("first_check", "First check-up"),
)
#: Which documents use the typed details.
PERSONAL_DOCUMENTS = ("wallet-card", "plan")


def _two_columns(grid: QGridLayout, buttons: list[QPushButton], first_row: int,
                 parent: QWidget | None) -> None:
    """Buttons in two columns, or in one when two would not fit the window (large text)."""
    room = (parent.window().width() - 160) if parent is not None else 10_000
    widest = max((b.sizeHint().width() for b in buttons), default=0)
    columns = 2 if 2 * widest + 10 <= room else 1
    for index, button in enumerate(buttons):
        grid.addWidget(button, first_row + index // columns, index % columns)


class PrintDialog(CalmDialog):
    """Choose what to print, then preview, print or save it as a PDF.

    For the wallet card and the personal plan the nurse may type the patient's name and dates.
    They live only in this dialog's fields: never logged, never saved, never in a file name;
    closing the dialog (or Finish, or an idle reset, which close every dialog) wipes them.
    """

    scrolls_inside = True  # the options scroll; Print and Close stay in view

    def __init__(self, guide: Guide, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__("printDialog", tr("Print for the patient"), role="h2", parent=parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._guide = guide
        self._settings = settings
        self.setMinimumWidth(900)
        # One of the five, always: radio buttons (round marks, one filled) in a named group,
        # to the eye and to assistive technology (they were check boxes).
        group = QWidget()
        group.setObjectName("documentChoices")
        accessibility.mark(group, accessibility.GROUP)
        group.setAccessibleName(tr("What to print"))
        choices = QGridLayout(group)
        choices.setContentsMargins(0, 0, 0, 0)
        choices.setSpacing(10)
        self._documents = QButtonGroup(self)
        self._documents.setExclusive(True)
        names = {"handout": tr("Handout"), "wallet-card": tr("Wallet card"),
                 "wallet-sheet": tr("Sheet of 10 wallet cards"),
                 "plan": tr("Personal plan"),
                 "questions": tr("My questions checklist")}
        for index, document in enumerate(printing.DOCUMENTS):
            # Big radio buttons: the whole width answers a tap.
            radio = QRadioButton(names[document])
            radio.setObjectName("choice")
            accessibility.mark(radio, accessibility.RADIO)  # before Qt first asks
            radio.setAccessibleName(names[document])
            radio.setAccessibleDescription(tr("Print this"))
            radio.setChecked(index == 0)
            radio.setProperty("document", document)
            radio.toggled.connect(self._update)
            self._documents.addButton(radio, index)
            choices.addWidget(radio, index // 2, index % 2)
        self.body.addWidget(group)
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
            self._sections[key] = box
        _two_columns(parts, list(self._sections.values()), 0, parent)
        self._parts_box = QWidget()
        self._parts_box.setLayout(parts)
        self._details_box, self._fields = self._build_details()
        self._steps_box, self._steps = self._build_steps(guide)
        options = QWidget()
        column = QVBoxLayout(options)
        column.setContentsMargins(0, 0, 0, 0)
        for part in (self._parts_box, self._details_box, self._steps_box):
            column.addWidget(part)
        column.addStretch(1)
        scroller = QScrollArea()
        scroller.setObjectName("printOptions")
        scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no unnamed stop; its boxes are
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(options)
        self._options, self._scroller = options, scroller
        self.body.addWidget(scroller, 1)
        self._status = PlainLabel()
        self._status.setObjectName("printStatus")
        self._status.setWordWrap(True)
        self._status.setVisible(False)
        self.body.addWidget(self._status)
        row = self.button_row(10)
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

    def _build_details(self) -> tuple[QWidget, dict[str, QLineEdit]]:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 8, 0, 0)
        grid.setHorizontalSpacing(12)
        note = PlainLabel(tr("For this patient (optional). Printed only; not saved anywhere, and "
                         "cleared when you close this window."))
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        grid.addWidget(note, 0, 0, 1, 4)
        fields: dict[str, QLineEdit] = {}
        for index, (key, words) in enumerate(DETAIL_FIELDS):
            label = PlainLabel(tr(words))
            label.setWordWrap(True)
            edit = QLineEdit()
            edit.setAccessibleName(tr(words))
            edit.setClearButtonEnabled(True)
            label.setBuddy(edit)
            row, col = 1 + index // 2, (index % 2) * 2
            grid.addWidget(label, row, col)
            grid.addWidget(edit, row, col + 1)
            fields[key] = edit
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return box, fields

    def _build_steps(self, guide: Guide) -> tuple[QWidget, dict[str, QPushButton]]:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 8, 0, 0)
        grid.setSpacing(10)
        buttons: dict[str, QPushButton] = {}
        if guide.steps is not None:
            heading = PlainLabel(tr("Steps to put in the plan"))
            heading.setProperty("role", "h3")
            grid.addWidget(heading, 0, 0, 1, 2)
            for index, step in enumerate(guide.steps.steps):
                words = tr("Step {0}: {1}").format(index + 1, step.short_title)
                button = QPushButton("\u2713  " + words)
                button.setObjectName("choice")
                button.setCheckable(True)
                button.setChecked(True)
                button.setAccessibleName(words)
                button.setAccessibleDescription(tr("Include this step in the plan"))
                button.setProperty("words", words)
                button.toggled.connect(self._update)
                buttons[step.id] = button
            _two_columns(grid, list(buttons.values()), 1, self.parentWidget())
        return box, buttons

    @property
    def details(self) -> printing.PatientDetails:
        """What was typed, for the page only (never logged: its repr hides the values)."""
        values = {key: edit.text().strip() for key, edit in self._fields.items()}
        steps = tuple(key for key, button in self._steps.items() if button.isChecked())
        return printing.PatientDetails(**values, steps=steps)

    def forget(self) -> None:
        """Wipe every typed detail (also on close: Finish and idle resets close dialogs)."""
        for edit in self._fields.values():
            edit.clear()
            edit.setText("")

    def _fit_to_window(self) -> None:
        """As large as the options need, within the window it opens over (a laptop at 200 %
        text): the options scroll only when they must, and no button's words are cut."""
        parent = self.parentWidget()
        if parent is None:
            return
        room = parent.window().size()
        self._options.adjustSize()
        margins = self.body.contentsMargins()
        options_width = (self._options.sizeHint().width() + margins.left() + margins.right()
                         + self._scroller.verticalScrollBar().sizeHint().width() + 8)
        width = min(room.width() - 40, max(900, self.sizeHint().width(), options_width))
        # The panel's width (CalmDialog); it is as tall as its words, and where the window is
        # shorter the options scroll by themselves, the buttons below them stay in view.
        self.setMinimumWidth(width)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        self._fit_to_window()
        super().showEvent(event)

    def done(self, result: int) -> None:
        self.forget()
        super().done(result)

    def _say(self, words: str) -> None:
        self._status.setText(words)
        self._status.setAccessibleName(words)
        self._status.setVisible(True)

    @property
    def document(self) -> str:
        checked = self._documents.checkedButton()
        return str(checked.property("document")) if checked else "handout"

    @property
    def sections(self) -> list[str]:
        return [key for key, box in self._sections.items() if box.isChecked()]

    @Slot()
    def _update(self) -> None:
        document = self.document
        # Only what the chosen print-out uses is shown (hidden, not greyed out: D11).
        self._parts_box.setVisible(document == "handout")
        self._details_box.setVisible(document in PERSONAL_DOCUMENTS)
        self._steps_box.setVisible(document == "plan")
        for box in self._sections.values():
            words = box.accessibleName()
            box.setText(("\u2713  " if box.isChecked() else "\u2003  ") + words)
        for button in self._steps.values():
            words = str(button.property("words"))
            button.setText(("\u2713  " if button.isChecked() else "\u2003  ") + words)
        if self.isVisible():
            self._fit_to_window()

    def _personal(self) -> printing.PatientDetails:
        return self.details if self.document in PERSONAL_DOCUMENTS else printing.BLANK

    def _render(self, device: QPrinter) -> int:
        return printing.print_to(device, self.document, self._guide, self._settings,
                                 self.sections or None, self._personal())

    @Slot(QPrinter)
    def _render_preview(self, device: QPrinter) -> None:
        try:
            self._render(device)
        except printing.PrintError as error:
            log.warning("print preview failed: %s", error)
            self._say(tr("Sorry, the preview could not be made. {0}").format(error))

    @Slot()
    def preview(self) -> None:
        # Kept on self: the preview holds only a C++ pointer to the printer, and a printer
        # Python has let go of is deleted under it (a crash, seen in a test).
        self._preview_printer = make_printer(self.document, self._settings)
        self.preview_dialog = QPrintPreviewDialog(self._preview_printer, self)
        self.preview_dialog.paintRequested.connect(self._render_preview)
        self.preview_dialog.open()

    @Slot()
    def print_now(self) -> None:
        printer = make_printer(self.document, self._settings)
        if not self._settings.printer_name:
            dialog = QPrintDialog(printer, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
        try:
            pages = self._render(printer)
        except printing.PrintError as error:
            log.warning("printing %s failed: %s", self.document, error)
            self._say(tr("Sorry, printing did not work. {0}").format(error))
            return
        log.info("printed %s (%d pages)", self.document, pages)
        self._say(tr("Sent to the printer: {0} pages.").format(pages))

    @Slot()
    def save_pdf(self) -> None:
        # The file name never carries the patient's name.
        path, _filter = QFileDialog.getSaveFileName(self, tr("Save as PDF"),
                                                    f"cart-guide-{self.document}.pdf",
                                                    "PDF (*.pdf)")
        if not path:
            return
        try:
            pages = printing.write_pdf(Path(path), self.document, self._guide, self._settings,
                                       sections=self.sections or None,
                                       details=self._personal())
        except printing.PrintError as error:
            log.warning("saving %s as PDF failed: %s", self.document, error)
            self._say(tr("Sorry, the PDF was not saved. {0}").format(error))
            return
        self._say(tr("Saved: {0} ({1} pages).").format(path, pages))


def print_page_on_kiosk(key: str, guide: Guide, settings: Settings) -> int:
    """Kiosk: this page's part of the handout, straight to the configured printer."""
    sections = PAGE_SECTIONS.get(key) or ([key] if key in guide.topics
                                          else printing.handout_sections(guide))
    printer = make_printer("handout", settings)
    pages = printing.print_handout(printer, guide, sections, settings)
    log.info("kiosk printed %s (%d pages)", key, pages)
    return pages


def print_blank_card_on_kiosk(guide: Guide, settings: Settings) -> int:
    """Kiosk: a blank wallet card (lines to write on; no one's details) to the printer."""
    printer = make_printer("wallet-card", settings)
    pages = printing.print_wallet_card(printer, guide, settings, printing.BLANK)
    log.info("kiosk printed a blank wallet card")
    return pages
