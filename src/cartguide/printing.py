"""Printed take-aways: the handout, the wallet card (one card, or a sheet of cards with crop
marks) and the "My questions" sheet — to a PDF file or straight to a printer.

Every page carries the disclaimer line, the content version and the review date. Text stays
text (selectable, searchable) and the bundled fonts are embedded, so Chinese prints the same on
any computer. Everything comes from the model and the site settings; nothing is invented here.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)
from PySide6.QtSvg import QSvgRenderer

from cartguide import resources
from cartguide.config import Settings
from cartguide.content import Block, Guide, Illustration, markup
from cartguide.i18n import tr
from cartguide.ui import theme
from cartguide.ui.format import long_date

log = logging.getLogger(__name__)

#: Handout sections, in print order: command-line name -> model attribute.
HANDOUT_SECTIONS = {
    "steps": "steps",
    "story": "story",
    "evaluation": "evaluation",
    "warning-signs": "side_effects",
    "glossary": "glossary",
    "about": "about",
}


def handout_sections(guide: Guide) -> list[str]:
    """Every part the handout can hold for this guide, in print order: home's order from the
    content (topics by their ids, side effects as ``warning-signs``), then any special section
    home does not list (``about`` last)."""
    names = {attribute: name for name, attribute in HANDOUT_SECTIONS.items()}
    order = [names.get(key, key) for key in guide.home_sections
             if key in names or key in guide.topics]
    return order + [name for name in HANDOUT_SECTIONS if name not in order]


def handout_section(guide: Guide, name: str) -> Any:
    """The model behind a handout part (``warning-signs``, ``at-home``), or None."""
    if name in HANDOUT_SECTIONS:
        return getattr(guide, HANDOUT_SECTIONS[name])
    return guide.topics.get(name)


CARD_SIZE_MM = QSizeF(85.6, 53.98)  # ISO/IEC 7810 ID-1, the size of a bank card
_DPI = 1200  # QPdfWriter's default; layout maths below is in these device units


@dataclass(frozen=True)
class Edition:
    """What every printed page says at its foot."""

    disclaimer: str
    version: str
    reviewed: str

    @classmethod
    def of(cls, guide: Guide) -> Edition:
        about = guide.about
        if about is None:
            return cls(tr("This guide is for learning only. It is not medical advice."), "?", "?")
        return cls(markup.plain(about.disclaimer_line), about.content_version,
                   long_date(about.review_date, guide.language))

    def line(self) -> str:
        return tr("Content version {0} · Reviewed {1}").format(self.version, self.reviewed)


# -- HTML from the model -----------------------------------------------------------------------
class _Html:
    def __init__(self, guide: Guide, document: QTextDocument) -> None:
        self._guide = guide
        self._document = document
        self.parts: list[str] = []

    def text(self, value: str) -> str:
        term = self._guide.term
        return html.escape(markup.plain(value, lambda i: t.term if (t := term(i)) else None),
                           quote=False)

    def add(self, fragment: str) -> None:
        self.parts.append(fragment)

    def heading(self, value: str, level: int) -> None:
        self.add(f"<h{level}>{self.text(value)}</h{level}>")

    def paragraphs(self, values: Iterable[str]) -> None:
        for value in values:
            self.add(f"<p>{self.text(value)}</p>")

    def items(self, values: Sequence[str]) -> None:
        if values:
            self.add("<ul>" + "".join(f"<li>{self.text(v)}</li>" for v in values) + "</ul>")

    def sources(self, ids: Sequence[str]) -> None:
        if ids:
            names = "; ".join(s.title if (s := self._guide.source(i)) else i for i in ids)
            self.add(f'<p class="sources">{html.escape(tr("Sources:"))} '
                     f"{html.escape(names)}</p>")

    def block(self, block: Block) -> None:
        if not block.on_paper:
            return  # show: screen (e.g. how to use the screen): never printed
        self.heading(block.heading, 3)
        if block.illustration is not None:
            self.picture(block.illustration)
        self.paragraphs(block.paragraphs)
        self.items(block.items)
        if block.callout:
            self.callout(block.callout)
        self.sources(block.sources)

    def callout(self, value: str) -> None:
        """A boxed note: a one-cell table with a border (what QTextDocument draws as a box)."""
        self.add('<table class="callout" width="100%" border="1" cellpadding="8" '
                 f'cellspacing="0"><tr><td><p>{self.text(value)}</p></td></tr></table>')

    def studies(self, blocks: Sequence[Block]) -> None:
        """'What the studies found', labelled as on screen (open on paper: nothing to tap)."""
        blocks = [b for b in blocks if b.on_paper]
        if blocks:
            self.add(f"<h3>{html.escape(tr('What the studies found'))}</h3>")
            note = tr("Numbers from research about groups of people. They cannot tell what will "
                      "happen to you. You do not need them to understand this page.")
            self.add(f'<p class="sources">{html.escape(note)}</p>')
            for block in blocks:
                self.block(block)

    def picture(self, illustration: Illustration, width_px: int = 900) -> None:
        renderer = QSvgRenderer(str(resources.illustration_path(illustration.name)))
        if not renderer.isValid():
            return  # the words carry the meaning; a missing drawing is only a loss of polish
        image = QImage(width_px, round(width_px * 500 / 800), QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        url = f"picture:{illustration.name}"
        self._document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(url), image)
        self.add(f'<p align="center"><img src="{url}" width="300" '
                 f'alt="{html.escape(illustration.alt)}"></p>')


def _handout_html(guide: Guide, sections: Sequence[str], settings: Settings,
                  document: QTextDocument) -> str:
    h = _Html(guide, document)
    title = guide.home.app_title if guide.home else "CAR-T Guide"
    h.add(f"<h1>{html.escape(title)}</h1>")
    if settings.clinic_name or settings.contact_phone:
        h.add(f'<p class="clinic">{html.escape(clinic_line(settings))}</p>')
    for key in sections:
        section = handout_section(guide, key)
        if section is None:
            continue
        h.heading(section.title, 2)
        if key in guide.topics and key not in HANDOUT_SECTIONS:
            if section.illustration is not None:
                h.picture(section.illustration)
            h.paragraphs(section.intro)
            for block in section.blocks:
                h.block(block)
        elif key == "steps":
            h.paragraphs(section.intro)
            for number, step in enumerate(section.steps, start=1):
                h.heading(tr("Step {0} of {1}").format(number, len(section.steps)) + ": "
                          + step.title, 3)
                h.picture(step.illustration)
                h.paragraphs(step.what_happens)
                for label, values in ((tr("Who you will see"), step.who),
                                      (tr("How long it takes"), step.time),
                                      (tr("How to prepare"), step.prepare),
                                      (tr("What to watch for"), step.watch_for)):
                    h.add(f"<h4>{html.escape(label)}</h4>")
                    h.items(values)
                h.sources(step.sources)
        elif key == "story":
            h.add(f'<p class="note">{h.text(section.experience_note)}</p>')
            h.paragraphs(section.intro)
            for event in section.timeline:
                h.heading(f"{event.when}: {event.title}", 3)
                h.paragraphs(event.text)
                h.sources(event.sources)
            for block in section.after:
                h.block(block)
            h.studies(section.studies)
        elif key == "evaluation":
            h.add(f'<p class="note">{h.text(section.note)}</p>')
            h.paragraphs(section.intro)
            for check in section.checks:
                h.block(check)
            for block in (section.bring, section.questions):
                if block is not None:
                    h.block(block)
        elif key == "warning-signs":
            h.paragraphs(section.intro)
            h.add('<div class="urgent">')
            h.block(section.call_now)
            if settings.contact_phone:
                h.add(f"<p><b>{html.escape(clinic_line(settings))}</b></p>")
            h.add("</div>")
            for effect in section.effects:
                h.block(effect)
            h.studies(section.studies)
        elif key == "glossary":
            for term in section.terms:
                h.add(f"<p><b>{html.escape(term.term)}</b>: "
                      + " ".join(h.text(p) for p in term.definition) + "</p>")
        elif key == "about":
            for block in section.sections:
                h.block(block)
            h.add(f"<h3>{html.escape(tr('Sources'))}</h3>")
            h.items([f"{s.title}. {s.detail}" for s in section.sources])
    return "".join(h.parts)


def clinic_line(settings: Settings) -> str:
    if settings.clinic_name and settings.contact_phone:
        return tr("Your clinic: {0}, phone {1}").format(settings.clinic_name,
                                                         settings.contact_phone)
    if settings.contact_phone:
        return tr("Your clinic's phone: {0}").format(settings.contact_phone)
    return settings.clinic_name


_CSS = """
h1 { font-size: 20pt; color: #174E75; margin-bottom: 6px; }
h2 { font-size: 16pt; color: #174E75; margin-top: 18px; }
h3 { font-size: 13pt; margin-top: 12px; }
h4 { font-size: 11pt; margin-top: 6px; margin-bottom: 2px; }
p, li { font-size: 11pt; }
p.sources { font-size: 9pt; color: #33414E; }
p.note { font-size: 12pt; font-weight: bold; }
p.clinic { font-size: 12pt; font-weight: bold; }
"""


def _font(language: str, point_size: float) -> QFont:
    font = QFont()
    font.setFamilies(theme.font_families(language))
    font.setPointSizeF(point_size)
    return font


# -- pages with a footer ---------------------------------------------------------------------
def print_document(device: QPagedPaintDevice, body_html: str, document: QTextDocument,
                   edition: Edition, language: str) -> int:
    """Lay ``body_html`` out on the device's pages with the edition footer; returns pages."""
    layout = device.pageLayout()
    dpi = _resolution(device)
    paint = layout.paintRectPixels(dpi)
    footer_height = round(dpi * 0.75)  # about 19 mm: a clear gap, a rule, two small lines
    body = QRectF(0, 0, paint.width(), paint.height() - footer_height)
    document.setDefaultFont(_font(language, 11))
    document.setDefaultStyleSheet(_CSS)
    document.setDocumentMargin(0)
    # Lay out in points, scaled to device pixels when drawn: text sizes stay true in print.
    scale = dpi / 72
    document.setPageSize(QSizeF(body.width() / scale, body.height() / scale))
    document.setHtml(body_html)
    pages = max(1, document.pageCount())
    painter = QPainter(device)
    footer_font = _font(language, 8)
    for index in range(pages):
        if index:
            device.newPage()
        painter.save()
        painter.scale(scale, scale)
        height = body.height() / scale
        painter.translate(0, -index * height)
        clip = QRectF(0, index * height, body.width() / scale, height)
        painter.setClipRect(clip)
        document.drawContents(painter, clip)
        painter.restore()
        _footer(painter, QRectF(0, body.height(), paint.width(), footer_height), footer_font,
                edition, tr("Page {0} of {1}").format(index + 1, pages))
    painter.end()
    return pages


def _footer(painter: QPainter, area: QRectF, font: QFont, edition: Edition, page: str) -> None:
    painter.save()
    painter.setPen(QPen(QColor("#33414E"), max(1, area.height() / 200)))
    painter.drawLine(area.topLeft() + QPointF(0, area.height() * 0.35),
                     area.topRight() + QPointF(0, area.height() * 0.35))
    painter.setFont(font)
    text_area = area.adjusted(0, area.height() * 0.45, 0, 0)
    painter.drawText(text_area, int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
                     f"{edition.disclaimer}\n{edition.line()}")
    painter.drawText(text_area, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                     page)
    painter.restore()


def pdf_writer(path: Path, size: QPageSize, margins_mm: float) -> QPdfWriter:
    """A PDF file as a paged device: high resolution, the page size and margins given."""
    writer = QPdfWriter(str(path))
    writer.setResolution(_DPI)
    writer.setPageSize(size)
    writer.setPageMargins(QMarginsF(margins_mm, margins_mm, margins_mm, margins_mm),
                          QPageLayout.Unit.Millimeter)
    writer.setCreator("CAR-T Guide")
    return writer


def handout_html(guide: Guide, sections: Sequence[str], settings: Settings,
                 document: QTextDocument) -> str:
    known = handout_sections(guide)
    unknown = [s for s in sections if s not in known]
    if unknown:
        raise ValueError(f"unknown section(s): {', '.join(unknown)}; choose from "
                         f"{', '.join(known)}")
    return _handout_html(guide, sections, settings, document)


def print_handout(device: QPagedPaintDevice, guide: Guide, sections: Sequence[str],
                  settings: Settings) -> int:
    document = QTextDocument()
    body = handout_html(guide, sections, settings, document)
    return print_document(device, body, document, Edition.of(guide), guide.language)


def write_handout(path: Path, guide: Guide, sections: Sequence[str] | None = None,
                  settings: Settings | None = None) -> int:
    """The handout as a PDF; ``sections`` from :func:`handout_sections` (None: all of them)."""
    sections = handout_sections(guide) if sections is None else sections
    writer = pdf_writer(path, QPageSize(QPageSize.PageSizeId.A4), 15)
    writer.setTitle(guide.home.app_title if guide.home else "CAR-T Guide")
    return print_handout(writer, guide, sections, settings or Settings())


def print_questions(device: QPagedPaintDevice, guide: Guide) -> int:
    """The evaluation's questions to ask, as a checklist with room to write."""
    document = QTextDocument()
    h = _Html(guide, document)
    evaluation = guide.evaluation
    h.add(f"<h1>{html.escape(tr('My questions'))}</h1>")
    if evaluation is not None and evaluation.questions is not None:
        h.heading(evaluation.questions.heading, 2)
        h.add(f"<p>{html.escape(tr('Tick each question once it has been answered.'))}</p>")
        for question in evaluation.questions.items:
            h.add(f'<p style="font-size: 13pt;">&#9744;&nbsp;&nbsp;{h.text(question)}</p>'
                  '<p style="font-size: 11pt; color: #9AAAB8;">'
                  "________________________________________________________________</p>")
    h.add(f"<h2>{html.escape(tr('My own questions'))}</h2>")
    for _ in range(4):
        h.add('<p style="font-size: 13pt;">&#9744;&nbsp;&nbsp;'
              "______________________________________________________________</p>")
    return print_document(device, "".join(h.parts), document, Edition.of(guide),
                          guide.language)


def write_questions(path: Path, guide: Guide) -> int:
    return print_questions(pdf_writer(path, QPageSize(QPageSize.PageSizeId.A4), 15), guide)


# -- the wallet card ---------------------------------------------------------------------------
def _first_sentence(text: str) -> str:
    for stop in (". ", "。"):
        if stop in text:
            return text.split(stop, 1)[0] + stop.strip()
    return text


def _card_faces(guide: Guide, settings: Settings) -> tuple[str, str]:
    """HTML for the front (who to call) and the back (warning signs)."""
    h = _Html(guide, QTextDocument())
    side_effects = guide.side_effects
    call = side_effects.call_now if side_effects else None
    front = (f'<p style="font-size: 8pt; font-weight: bold; color: #174E75;">'
             f"{html.escape(tr('CAR-T treatment: warning signs card'))}</p>")
    if settings.contact_phone:
        front += (f'<p style="font-size: 10pt; font-weight: bold;">'
                  f"{html.escape(tr('Call at once:'))}<br>"
                  f"{html.escape(settings.contact_phone)}</p>")
    if settings.clinic_name:
        front += f'<p style="font-size: 7pt;">{html.escape(settings.clinic_name)}</p>'
    front += (f'<p style="font-size: 6.5pt;">'
              f"{html.escape(tr('Show this card to any doctor or nurse who treats you.'))}</p>")
    back = ""
    if call is not None:
        back = (f'<p style="font-size: 6.5pt;"><b>{h.text(call.heading)}</b></p>'
                '<p style="font-size: 6pt;">'
                + "<br>".join("&#8226; " + h.text(_first_sentence(i)) for i in call.items)
                + "</p>")
    return front, back


def _draw_card(painter: QPainter, area: QRectF, body_html: str, edition: Edition,
               language: str, dpi: int) -> None:
    """One card face: the text, and the edition in tiny type at the foot."""
    mm = dpi / 25.4
    scale = dpi / 72
    inner = area.adjusted(3 * mm, 2.5 * mm, -3 * mm, -2.5 * mm)
    foot_height = 5 * mm
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setDefaultFont(_font(language, 7))
    width, room = inner.width() / scale, (inner.height() - foot_height) / scale
    document.setTextWidth(width)
    document.setHtml(body_html)
    # Shrink to fit: a longer list (or another language) must never run off the card.
    fit = min(1.0, room / max(1.0, document.size().height()) * 0.98)
    document.setTextWidth(width / fit)
    painter.save()
    painter.translate(inner.topLeft())
    painter.scale(scale * fit, scale * fit)
    document.drawContents(painter, QRectF(0, 0, width / fit, room / fit))
    painter.restore()
    painter.save()
    painter.setFont(_font(language, 4.5))
    painter.setPen(QColor("#33414E"))
    painter.drawText(QRectF(inner.left(), inner.bottom() - foot_height, inner.width(),
                            foot_height),
                     int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom
                         | Qt.TextFlag.TextWordWrap),
                     f"{edition.disclaimer} {edition.line()}")
    painter.restore()


CARD_PAGE = QPageSize(CARD_SIZE_MM, QPageSize.Unit.Millimeter, "ID-1")


def _resolution(device: QPagedPaintDevice) -> int:
    return int(device.resolution()) if hasattr(device, "resolution") else _DPI


def print_wallet_card(device: QPagedPaintDevice, guide: Guide, settings: Settings) -> int:
    """The card at its real size (the device's page is ID-1): page 1 front, page 2 back."""
    dpi = _resolution(device)
    front, back = _card_faces(guide, settings)
    edition = Edition.of(guide)
    painter = QPainter(device)
    area = QRectF(device.pageLayout().paintRectPixels(dpi))
    _draw_card(painter, area, front, edition, guide.language, dpi)
    device.newPage()
    _draw_card(painter, area, back, edition, guide.language, dpi)
    painter.end()
    return 2


def print_wallet_sheet(device: QPagedPaintDevice, guide: Guide, settings: Settings) -> int:
    """Ten cards on an A4 page with crop marks: fronts on page 1, backs on page 2 (columns
    mirrored, for double-sided printing flipped on the long edge)."""
    dpi = _resolution(device)
    front, back = _card_faces(guide, settings)
    edition = Edition.of(guide)
    mm = dpi / 25.4
    width, height = CARD_SIZE_MM.width() * mm, CARD_SIZE_MM.height() * mm
    page = device.pageLayout().fullRectPixels(dpi)
    left = (page.width() - 2 * width) / 2
    top = (page.height() - 5 * height) / 2
    painter = QPainter(device)
    for face, mirrored in ((front, False), (back, True)):
        if mirrored:
            device.newPage()
        for row in range(5):
            for column in range(2):
                x = left + ((1 - column) if mirrored else column) * width
                area = QRectF(x, top + row * height, width, height)
                _draw_card(painter, area, face, edition, guide.language, dpi)
        _crop_marks(painter, left, top, width, height, mm)
    painter.end()
    return 2


def write_wallet_card(path: Path, guide: Guide, settings: Settings | None = None) -> int:
    return print_wallet_card(pdf_writer(path, CARD_PAGE, 0), guide, settings or Settings())


def write_wallet_sheet(path: Path, guide: Guide, settings: Settings | None = None) -> int:
    return print_wallet_sheet(pdf_writer(path, QPageSize(QPageSize.PageSizeId.A4), 0), guide,
                              settings or Settings())


#: What can be printed: name -> (page size, margins in mm, how to draw it).
DOCUMENTS = ("handout", "wallet-card", "wallet-sheet", "questions")


def page_setup(document: str) -> tuple[QPageSize, float]:
    if document == "wallet-card":
        return CARD_PAGE, 0
    if document == "wallet-sheet":
        return QPageSize(QPageSize.PageSizeId.A4), 0
    return QPageSize(QPageSize.PageSizeId.A4), 15


def print_to(device: QPagedPaintDevice, document: str, guide: Guide, settings: Settings,
             sections: Sequence[str] | None = None) -> int:
    """Draw one of :data:`DOCUMENTS` on a printer, a preview or a PDF writer."""
    if document == "handout":
        return print_handout(device, guide,
                             handout_sections(guide) if sections is None else sections, settings)
    if document == "wallet-card":
        return print_wallet_card(device, guide, settings)
    if document == "wallet-sheet":
        return print_wallet_sheet(device, guide, settings)
    return print_questions(device, guide)


def _crop_marks(painter: QPainter, left: float, top: float, width: float, height: float,
                mm: float) -> None:
    """Short lines outside the block of cards, in line with every cut."""
    painter.save()
    painter.setPen(QPen(QColor("black"), 0.15 * mm))
    gap, length = 2 * mm, 5 * mm
    xs = [left + i * width for i in range(3)]
    ys = [top + i * height for i in range(6)]
    for x in xs:
        painter.drawLine(QPointF(x, ys[0] - gap - length), QPointF(x, ys[0] - gap))
        painter.drawLine(QPointF(x, ys[-1] + gap), QPointF(x, ys[-1] + gap + length))
    for y in ys:
        painter.drawLine(QPointF(xs[0] - gap - length, y), QPointF(xs[0] - gap, y))
        painter.drawLine(QPointF(xs[-1] + gap, y), QPointF(xs[-1] + gap + length, y))
    painter.restore()
