"""Printed take-aways: the handout, the wallet card (one card, or a sheet of ten with crop
marks), the personal plan and the "My questions" sheet — to a PDF file or to a printer.

How a page is made: the content becomes a list of *parts* (a heading, a paragraph, a boxed
panel, a picture, writing lines); each part is laid out on its own and placed on pages by a
small paginator that never splits a part, keeps a heading with what follows it, and keeps the
warning-signs panel whole at the front. Every page carries the disclaimer line, the content
version and the review date. Text stays text (selectable, searchable); the bundled fonts are
embedded; phone numbers are set in a face with a plain zero.

Failures raise :class:`PrintError` with a calm, exact message: a printer or file that cannot
be opened, a full disk, a folder that cannot be written, fonts that cannot show the text. A PDF
is written to a temporary file beside the target, checked, flushed to disk and only then
renamed over the target, so a failed or interrupted export leaves the old file untouched.

Personal details typed by a nurse (:class:`PatientDetails`) go only onto the page: they are
never logged, never in a file name or a PDF's metadata.
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QRawFont,
    QTextCursor,
    QTextDocument,
)

from cartguide.config import Settings
from cartguide.content import Block, Guide, Illustration, markup
from cartguide.emergency import Contacts
from cartguide.i18n import tr
from cartguide.ui import theme
from cartguide.ui.format import long_date
from cartguide.ui.widgets.text import WORD_JOINER, joins, typeset

log = logging.getLogger(__name__)

#: Handout sections, in print order: command-line name -> model attribute. The builder for each
#: is in :data:`SECTION_PARTS`; a new kind of section adds one entry to each.
HANDOUT_SECTIONS = {
    "steps": "steps",
    "story": "story",
    "evaluation": "evaluation",
    "warning-signs": "side_effects",
    "glossary": "glossary",
    "about": "about",
}
#: ISO/IEC 7810 ID-1, the size of a bank card. Qt keeps page sizes in whole points (243 x 153
#: for this), so a written PDF's MediaBox is set to the exact size afterwards (_exact_card_box).


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


CARD_SIZE_MM = QSizeF(85.6, 53.98)
CARD_PAGE = QPageSize(CARD_SIZE_MM, QPageSize.Unit.Millimeter, "ID-1",
                      QPageSize.SizeMatchPolicy.ExactMatch)
_DPI = 1200  # QPdfWriter's default; device units per inch
_MM = 72 / 25.4  # points per millimetre: layout is in points

INK = "#15212C"
PRIMARY = "#174E75"
MUTED = "#33414E"
URGENT_BORDER = "#B45309"
URGENT_TEXT = "#6B2A00"
URGENT_FILL = "#FDF1E1"
RULE = "#6B7A88"


class PrintError(Exception):
    """A print-out could not be made. The message says what and why, for a person to read."""


@dataclass(frozen=True, repr=False)
class PatientDetails:
    """What a nurse types for one patient. Lives in memory only; ``repr`` never shows it."""

    name: str = ""
    trial: str = ""  # the trial or product
    collection: str = ""  # cell collection (date or dates, as the nurse writes them)
    chemotherapy: str = ""
    infusion: str = ""
    stay_near_until: str = ""
    no_driving_until: str = ""
    first_check: str = ""
    steps: tuple[str, ...] = ()  # ids of the steps picked for the personal plan

    def __repr__(self) -> str:
        return "PatientDetails(<not shown>)"

    def is_blank(self) -> bool:
        return not any((self.name, self.trial, self.collection, self.chemotherapy,
                        self.infusion, self.stay_near_until, self.no_driving_until,
                        self.first_check))


BLANK = PatientDetails()


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
        return tr("Content version {0} · Sources checked {1}").format(self.version, self.reviewed)


def clinic_line(settings: Settings) -> str:
    if settings.clinic_name and settings.contact_phone:
        return tr("Your clinic: {0}, phone {1}").format(settings.clinic_name,
                                                         settings.contact_phone)
    if settings.contact_phone:
        return tr("Your clinic's phone: {0}").format(settings.contact_phone)
    return settings.clinic_name


# -- fonts -------------------------------------------------------------------------------------
def _families(language: str) -> list[str]:
    return theme.font_families(language)


def _font(language: str, size: float, bold: bool = False, digits: bool = False) -> QFont:
    """A font ``size`` points high in the layout's point coordinates. ``digits``: the face with
    a plain zero first (Atkinson Hyperlegible's zero is slashed: 0 would read as Ø)."""
    font = QFont()
    families = _families(language)
    if digits and theme.CJK_FAMILY in families:
        families = [theme.CJK_FAMILY] + [f for f in families if f != theme.CJK_FAMILY]
    font.setFamilies(families)
    font.setPixelSize(max(1, round(size * _UNIT)))  # layout units: see _UNIT
    font.setBold(bold)
    return font


def _number(text: str) -> str:
    """A phone number for rich text: in the face with a plain zero, never broken."""
    return (f"<span style=\"font-family: '{theme.CJK_FAMILY}';\">"
            f"{html.escape(text).replace(' ', '&nbsp;')}</span>")


def missing_glyphs(text: str, language: str) -> str:
    """The characters of ``text`` that none of the print fonts can show (B14: with no usable
    font, a PDF would be written with invisible text and reported as fine)."""
    fonts = []
    for family in _families(language):
        font = QFont(family)
        if QFontInfo(font).family().casefold() != family.casefold():
            continue  # not installed: Qt quietly substituted another family
        fonts.append(QRawFont.fromFont(font))  # this face alone, without Qt's fallbacks
    missing = []
    for char in sorted(set(text)):
        if (char.isspace() or char == "\ufffc"  # an image's place in a text layout
                or unicodedata.category(char).startswith(("C", "Z"))):
            continue
        if not any(f.isValid() and f.supportsCharacter(ord(char)) for f in fonts):
            missing.append(char)
    return "".join(missing)


def _check_fonts(texts: Iterable[str], language: str) -> None:
    missing = missing_glyphs("".join(texts), language)
    if missing:
        raise PrintError(tr("The fonts needed to print this cannot show some of its "
                            "characters ({0}). Reinstall the CAR-T Guide.").format(missing[:12]))


# -- parts: the pieces a page is made of ------------------------------------------------------
# Layout happens in "units" of 1/8 point (fonts sized in pixels of 1 unit): whole-pixel font
# sizes then still give exact point sizes such as 10.5 pt.
_UNIT = 8.0

_CSS = f"""
h1 {{ font-size: {22 * 8:.0f}px; font-weight: bold; color: {PRIMARY}; margin: 0; }}
h2 {{ font-size: {17 * 8:.0f}px; font-weight: bold; color: {PRIMARY}; margin: 0; }}
h3 {{ font-size: {13.5 * 8:.0f}px; font-weight: bold; color: {INK}; margin: 0; }}
h4 {{ font-size: {11.5 * 8:.0f}px; font-weight: bold; color: {INK}; margin: 0; }}
p {{ font-size: {11 * 8:.0f}px; margin-top: 0; margin-bottom: {4 * 8:.0f}px; }}
li {{ font-size: {11 * 8:.0f}px; margin-bottom: {2 * 8:.0f}px; }}
ul {{ margin-top: 0; margin-bottom: 0; }}
p.sources {{ font-size: {8.5 * 8:.0f}px; color: {MUTED}; }}
p.note {{ font-size: {12 * 8:.0f}px; font-weight: bold; }}
p.lead {{ font-size: {13 * 8:.0f}px; }}
p.clinic {{ font-size: {12 * 8:.0f}px; font-weight: bold; }}
p.small {{ font-size: {9 * 8:.0f}px; color: {MUTED}; }}
td {{ font-size: {11 * 8:.0f}px; }}
td.label {{ font-size: {11 * 8:.0f}px; color: {INK}; }}
td.value {{ font-size: {13 * 8:.0f}px; font-weight: bold; }}
td.write {{ border-bottom: {1 * 8:.0f}px solid {RULE}; font-size: {13 * 8:.0f}px; }}
td.line {{ border-bottom: {1 * 8:.0f}px solid {RULE}; font-size: {17 * 8:.0f}px; }}
h2.urgent {{ color: {URGENT_TEXT}; margin-bottom: {4 * 8:.0f}px; }}
"""


@dataclass
class Part:
    """One piece of a printed page, never split across pages (unless taller than a page)."""

    html: str = ""
    #: stay on the same page as the part after it (headings, a question and its lines)
    keep_with_next: bool = False
    #: points of space above it (dropped at the top of a page)
    space_before: float = 6.0
    #: "urgent": the boxed warning panel; "" a plain part
    box: str = ""
    picture: Illustration | None = None
    picture_width: float = 0.0  # points
    page_break_before: bool = False
    #: images the HTML refers to
    resources: dict[str, QImage] = field(default_factory=dict)


class Parts:
    """Builds the list of parts for a print-out from the model (escaping, glossary words)."""

    def __init__(self, guide: Guide, contacts: Contacts) -> None:
        self.guide = guide
        self.contacts = contacts
        self.items: list[Part] = []

    # text
    def text(self, value: str) -> str:
        term = self.guide.term
        return html.escape(markup.plain(value, lambda i: t.term if (t := term(i)) else None),
                           quote=False)

    def add(self, fragment: str, **kwargs: Any) -> Part:
        part = Part(fragment, **kwargs)
        self.items.append(part)
        return part

    def heading(self, value: str, level: int, *, escaped: bool = False,
                space_before: float | None = None) -> None:
        words = value if escaped else self.text(value)
        space = {1: 0.0, 2: 20.0, 3: 14.0}.get(level, 8.0) if space_before is None \
            else space_before
        self.add(f"<h{level}>{words}</h{level}>", keep_with_next=True, space_before=space)

    def paragraphs(self, values: Iterable[str], css_class: str = "") -> None:
        attribute = f' class="{css_class}"' if css_class else ""
        for value in values:
            self.add(f"<p{attribute}>{self.text(value)}</p>", space_before=2.0)

    def items_list(self, values: Sequence[str]) -> None:
        # One part per item: a long list may run on to the next page between two items.
        for value in values:
            self.add(f"<ul><li>{self.text(value)}</li></ul>", space_before=0.0)

    def sources(self, ids: Sequence[str]) -> None:
        if ids:
            names = "; ".join(s.title if (s := self.guide.source(i)) else i for i in ids)
            self.add(f'<p class="sources">{html.escape(tr("Sources:"))} '
                     f"{html.escape(names)}</p>", space_before=1.0)

    def block(self, block: Block, level: int = 3) -> None:
        if not printed(block):
            return  # show: screen (e.g. how to use the screen): never printed
        self.heading(block.heading, level)
        picture = getattr(block, "illustration", None)
        if isinstance(picture, Illustration):
            self.picture(picture)
            self.items[-1].keep_with_next = True
        self.paragraphs(block.paragraphs)
        self.items_list(block.items)
        callout = getattr(block, "callout", None)
        if callout:
            self.callout(callout, warning=getattr(block, "callout_kind", "note") == "warning")
        self.sources(block.sources)

    def callout(self, value: str, *, warning: bool = False) -> None:
        """A boxed note: a one-cell table with a border; a warning (call at once) in the
        warning-signs colours, bold, with a thicker border."""
        if warning:
            self.add('<table width="100%" border="3" cellpadding="8" cellspacing="0" '
                     f'style="border-color: {URGENT_BORDER}; background-color: {URGENT_FILL};">'
                     f'<tr><td><p style="color: {URGENT_TEXT};"><b>{self.text(value)}</b></p>'
                     "</td></tr></table>", space_before=6.0)
            return
        self.add('<table width="100%" border="1" cellpadding="8" cellspacing="0" '
                 f'style="border-color: {PRIMARY};"><tr><td><p>{self.text(value)}</p></td>'
                 "</tr></table>", space_before=6.0)

    def studies(self, blocks: Sequence[Block]) -> None:
        """'What the studies found', labelled as on screen (open on paper: nothing to tap)."""
        blocks = [b for b in blocks if printed(b)]
        if blocks:
            self.heading(html.escape(tr("What the studies found")), 3, escaped=True)
            note = tr("Numbers from research about groups of people. They cannot tell what will "
                      "happen to you. You do not need them to understand this page.")
            self.add(f'<p class="sources">{html.escape(note)}</p>', space_before=1.0)
            for block in blocks:
                self.block(block, 4)

    def picture(self, illustration: Illustration, width: float = 230.0) -> None:
        self.items.append(Part(picture=illustration, picture_width=width, space_before=6.0))

    def paragraphs_with_picture(self, illustration: Illustration, values: Sequence[str],
                                width: float = 175.0) -> None:
        """The paragraphs with the picture beside them (the text flows round it, as in a
        booklet), as one part: the picture is never split from its words, never a sliver at a
        page's foot."""
        image = _svg_image(illustration, self.guide.language)
        if image is None or not values:
            self.paragraphs(values)
            return
        name = f"picture:{illustration.name}"
        alt = html.escape(markup.plain(illustration.alt), quote=True)
        first, *rest = values
        self.add(f'<p><img src="{name}" width="{width * _UNIT:.0f}" align="right" '
                 f'alt="{alt}">{self.text(first)}</p>'
                 + "".join(f"<p>{self.text(v)}</p>" for v in rest), space_before=4.0,
                 resources={name: image})

    def urgent_panel(self) -> None:
        """The warning signs and the numbers to call, as one boxed panel (never split)."""
        side_effects = self.guide.side_effects
        parts = []
        if side_effects is not None:
            call = side_effects.call_now
            # The numbers first, large, under the heading: then what to call about.
            parts.append(f'<h2 class="urgent">{self.text(call.heading)}</h2>')
            parts.append(self.numbers_table(top=True))
            parts += [f"<p>{self.text(p)}</p>" for p in call.paragraphs]
            parts.append("<ul>" + "".join(f"<li>{self.text(i)}</li>" for i in call.items)
                         + "</ul>")
        else:
            parts.append(f'<h2 class="urgent">{html.escape(tr("Who to call"))}</h2>')
            parts.append(self.numbers_table())
        self.add("".join(parts), box="urgent", space_before=10.0)
        if side_effects is not None:
            # Where the list comes from, outside the panel: no brand names inside it.
            self.sources(side_effects.call_now.sources)

    def numbers_table(self, *, top: bool = False) -> str:
        """The clinic's 24-hour phone and the emergency number; a line to write on if unset.
        ``top``: at the top of the panel, under its heading (less space above it)."""
        c = self.contacts
        phone = (f'<td class="value">{_number(c.clinic_phone)}</td>' if c.clinic_phone
                 else '<td class="write">&nbsp;</td>')
        emergency = (f'<td class="value">{_number(c.emergency_number)}</td>'
                     if c.emergency_number
                     else f'<td class="label">{html.escape(c.emergency_words())}</td>')
        label = (tr("{0} — 24-hour phone:").format(c.clinic_name) if c.clinic_name
                 else tr("Your care team's 24-hour phone:"))
        return ('<table width="100%" cellspacing="0" cellpadding="3" '
                f'style="margin-top: {12 if top else 48}px; margin-bottom: {12 if top else 0}px; '
                'border-collapse: collapse;">'
                f'<tr><td class="label" width="48%"><b>{html.escape(label)}</b></td>{phone}</tr>'
                f'<tr><td class="label"><b>{html.escape(tr("Emergency help:"))}</b></td>'
                f"{emergency}</tr></table>")

    def write_in_rows(self, rows: Sequence[tuple[str, str]]) -> None:
        """Label and value rows; an empty value gets a line to write on."""
        cells = []
        for label, value in rows:
            cell = (f'<td class="value">{html.escape(value)}</td>' if value
                    else '<td class="write">&nbsp;</td>')
            cells.append(f'<tr><td class="label" width="44%">{html.escape(label)}</td>'
                         f"{cell}</tr>")
        self.add('<table width="100%" cellspacing="0" cellpadding="5" '
                 'style="border-collapse: collapse;">' + "".join(cells) + "</table>",
                 space_before=4.0)

    def writing_lines(self, count: int) -> None:
        rows = '<tr><td class="line">&nbsp;</td></tr>' * count
        self.add('<table width="100%" cellspacing="0" cellpadding="0" '
                 f'style="border-collapse: collapse;">{rows}</table>', space_before=0.0)

    def question(self, words: str) -> None:
        self.add(f'<table cellspacing="0" cellpadding="0"><tr>'
                 f"<td width=\"22\" style=\"font-family: '{theme.CJK_FAMILY}'; "
                 f'font-size: {13 * 8:.0f}px;">\u25a1</td>'
                 f'<td style="font-size: {12 * 8:.0f}px;">{words}</td></tr></table>',
                 keep_with_next=True, space_before=8.0)


def printed(block: Block) -> bool:
    """False for a block marked ``show: screen`` (format addition 2)."""
    return str(getattr(block, "show", "both") or "both") != "screen"


# -- the handout's sections, each a function adding its parts ----------------------------------
def _steps_parts(p: Parts, section: Any, chosen: Sequence[str] = ()) -> None:
    p.heading(section.title, 2)
    p.paragraphs(section.intro)
    steps = list(section.steps)
    for number, step in enumerate(steps, start=1):
        if chosen and step.id not in chosen:
            continue
        p.heading(tr("Step {0} of {1}").format(number, len(steps)) + ": "
                  + p.text(step.title), 3, escaped=True, space_before=18.0)
        p.paragraphs_with_picture(step.illustration, step.what_happens)
        for label, values in ((tr("Who you will see"), step.who),
                              (tr("How long it takes"), step.time),
                              (tr("How to prepare"), step.prepare),
                              (tr("What to watch for"), step.watch_for)):
            p.heading(html.escape(label), 4, escaped=True)
            p.items_list(values)
        p.sources(step.sources)


def _story_parts(p: Parts, section: Any) -> None:
    p.heading(section.title, 2)
    p.paragraphs([section.experience_note], "note")
    p.paragraphs(section.intro)
    for event in section.timeline:
        p.heading(f"{p.text(event.when)}: {p.text(event.title)}", 3, escaped=True)
        p.paragraphs(event.text)
        p.sources(event.sources)
    for block in section.after:
        p.block(block)
    p.studies(getattr(section, "studies", ()) or ())


def _evaluation_parts(p: Parts, section: Any) -> None:
    p.heading(section.title, 2)
    p.paragraphs([section.note], "note")
    p.paragraphs(section.intro)
    for check in section.checks:
        p.block(check)
    for block in (section.bring, section.questions):
        if block is not None:
            p.block(block)


def _side_effects_parts(p: Parts, section: Any) -> None:
    p.heading(section.title, 2)
    p.paragraphs(section.intro)
    pointer = tr("The signs to call about at once, and the numbers to call, are in the box "
                 "on page 1.")
    p.add(f'<p class="note">{html.escape(pointer)}</p>', space_before=4.0)
    for effect in section.effects:
        p.block(effect)
    p.studies(getattr(section, "studies", ()) or ())


def _glossary_parts(p: Parts, section: Any) -> None:
    p.heading(section.title, 2)
    for term in section.terms:
        p.add(f"<p><b>{html.escape(term.term)}</b>: "
              + " ".join(p.text(d) for d in term.definition) + "</p>", space_before=3.0)


def _about_parts(p: Parts, section: Any) -> None:
    p.heading(section.title, 2)
    for block in section.sections:
        p.block(block)
    p.heading(html.escape(tr("Sources")), 3, escaped=True)
    p.items_list([f"{s.title}. {s.detail}" for s in section.sources])


def blocks_parts(p: Parts, section: Any) -> None:
    """Any section made of a title, an optional intro and blocks (e.g. a topic section)."""
    p.heading(section.title, 2)
    picture = getattr(section, "illustration", None)
    if isinstance(picture, Illustration):
        p.picture(picture)
        p.items[-1].keep_with_next = True
    p.paragraphs(getattr(section, "intro", ()) or ())
    for block in section.blocks:
        p.block(block)


#: Section key -> the function that adds its parts.
SECTION_PARTS: dict[str, Callable[[Parts, Any], None]] = {
    "steps": _steps_parts,
    "story": _story_parts,
    "evaluation": _evaluation_parts,
    "warning-signs": _side_effects_parts,
    "glossary": _glossary_parts,
    "about": _about_parts,
}


def handout_parts(guide: Guide, sections: Sequence[str], settings: Settings) -> list[Part]:
    """The handout as parts: the title, the warning-signs box, then each section asked for
    (a special section by its builder in SECTION_PARTS, a topic by :func:`blocks_parts`)."""
    known = handout_sections(guide)
    unknown = [s for s in sections if s not in known]
    if unknown:
        raise ValueError(f"unknown section(s): {', '.join(unknown)}; choose from "
                         f"{', '.join(known)}")
    p = Parts(guide, Contacts.of(guide, settings))
    title = guide.home.app_title if guide.home else "CAR-T Guide"
    p.heading(html.escape(title), 1, escaped=True)
    if settings.clinic_name:
        p.add(f'<p class="clinic">{html.escape(settings.clinic_name)}</p>', space_before=4.0)
    # The warning signs first, whole, in a box: the one thing that must never be missed.
    p.urgent_panel()
    for key in sections:
        section = handout_section(guide, key)
        if section is not None:
            SECTION_PARTS.get(key, blocks_parts)(p, section)
    return p.items


# -- laying parts out on pages -----------------------------------------------------------------
@dataclass
class _Laid:
    part: Part
    height: float  # points
    document: QTextDocument | None
    image: QImage | None = None
    #: for a part taller than a page: its slices (top offset in points) in order
    slice_top: float = 0.0


_BOX_PAD = 10.0  # points inside the urgent box
_BOX_BORDER = 2.5


def _typeset(document: QTextDocument) -> None:
    """Word joiners where a printed line must not break, as on screen (see
    :func:`cartguide.ui.widgets.text.joins`): "CAR-T" whole, no Chinese word split, no
    Chinese paragraph (a block, or a line ended by ``<br>``) ending on a line of one character.
    The joiners have no width and no glyph: the PDF's text (copy, search) is as written."""
    points: list[int] = []
    block = document.begin()
    while block.isValid():
        start = block.position()
        for line in block.text().split("\u2028"):  # a <br> inside the block
            points += [start + point for point in joins(line)]
            start += len(line) + 1
        block = block.next()
    if not points:
        return
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for position in reversed(points):  # from the end: earlier positions stay where they were
        cursor.setPosition(position)
        cursor.insertText(WORD_JOINER)
    cursor.endEditBlock()


def _document(part: Part, width: float, language: str) -> QTextDocument:
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setIndentWidth(14 * _UNIT)
    document.setDefaultFont(_font(language, 11))
    document.setDefaultStyleSheet(_CSS)
    for name, image in part.resources.items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    document.setHtml(part.html)
    _typeset(document)
    document.setTextWidth(width * _UNIT)
    return document


def _svg_image(illustration: Illustration, language: str | None = None) -> QImage | None:
    """The drawing (the language's own where it has one), read safely as on screen."""
    from cartguide.ui.widgets.illustration import load_svg

    renderer = load_svg(illustration.name, language)
    if renderer is None:
        return None  # the words carry the meaning; a missing drawing loses only polish
    size = renderer.defaultSize()
    ratio = size.height() / size.width() if size.width() > 0 else 0.625
    image = QImage(1200, round(1200 * ratio), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def _picture(illustration: Illustration, width: float,
             language: str) -> tuple[QImage | None, float]:
    image = _svg_image(illustration, language)
    if image is None:
        return None, 0.0
    return image, width * image.height() / image.width()


def _lay_out(parts: Sequence[Part], width: float, language: str) -> list[_Laid]:
    laid = []
    for part in parts:
        if part.picture is not None:
            image, height = _picture(part.picture, part.picture_width, language)
            if image is not None:
                laid.append(_Laid(part, height, None, image))
            continue
        inner = width - 2 * (_BOX_PAD + _BOX_BORDER) if part.box else width
        document = _document(part, inner, language)
        height = document.size().height() / _UNIT
        if part.box:
            height += 2 * (_BOX_PAD + _BOX_BORDER)
        laid.append(_Laid(part, height, document))
    return laid


def _paginate(laid: Sequence[_Laid], height: float) -> list[list[tuple[_Laid, float]]]:
    """Place parts on pages: a heading never ends a page (it goes with what follows it), no
    part is split, and a part taller than a page is cut only at its own line breaks."""
    pages: list[list[tuple[_Laid, float]]] = [[]]
    y = 0.0

    def new_page() -> None:
        nonlocal y
        if pages[-1]:
            pages.append([])
        y = 0.0

    index = 0
    while index < len(laid):
        end = index
        while laid[end].part.keep_with_next and end + 1 < len(laid):
            end += 1
        run = laid[index:end + 1]
        need = sum(item.height + item.part.space_before for item in run) \
            - run[0].part.space_before
        if run[0].part.page_break_before or (y > 0 and y + run[0].part.space_before + need
                                             > height and need <= height):
            new_page()
        for item in run:
            gap = item.part.space_before if y > 0 else 0.0
            if y > 0 and y + gap + item.height > height:
                new_page()
                gap = 0.0
            if item.height > height and item.document is not None:
                _place_tall(item, pages, height)
                y = height  # the next part starts on a new page
                continue
            pages[-1].append((item, y + gap))
            y += gap + item.height
        index = end + 1
    return pages


def _place_tall(item: _Laid, pages: list[list[tuple[_Laid, float]]], height: float) -> None:
    """A part taller than a page: let Qt's own pagination cut it between lines."""
    assert item.document is not None
    log.warning("a printed part is taller than a page; it runs over %d pages",
                int(item.height // height) + 1)
    document = item.document
    document.setPageSize(QSizeF(document.textWidth(), height * _UNIT))
    for number in range(document.pageCount()):
        if number:
            pages.append([])
        pages[-1].append((_Laid(item.part, height, document, None, number * height), 0.0))


def _draw_part(painter: QPainter, item: _Laid, top: float, width: float) -> None:
    part = item.part
    if item.image is not None:
        left = (width - part.picture_width) / 2
        painter.drawImage(QRectF(left, top, part.picture_width, item.height), item.image)
        return
    assert item.document is not None
    painter.save()
    if part.box:
        painter.setPen(QPen(QColor(URGENT_BORDER), _BOX_BORDER))
        painter.setBrush(QColor(URGENT_FILL))
        half = _BOX_BORDER / 2
        painter.drawRoundedRect(QRectF(half, top + half, width - _BOX_BORDER,
                                       item.height - _BOX_BORDER), 6, 6)
        painter.translate(_BOX_PAD + _BOX_BORDER, top + _BOX_PAD + _BOX_BORDER)
    else:
        painter.translate(0, top - item.slice_top)
    painter.scale(1 / _UNIT, 1 / _UNIT)
    clip = QRectF(0, item.slice_top * _UNIT, item.document.textWidth(),
                  (item.height - (2 * (_BOX_PAD + _BOX_BORDER) if part.box else 0)) * _UNIT)
    item.document.drawContents(painter, clip)
    painter.restore()


def _resolution(device: QPagedPaintDevice) -> int:
    return int(device.resolution()) if hasattr(device, "resolution") else _DPI


def _begin(device: QPagedPaintDevice) -> QPainter:
    """A painter on ``device``, or PrintError (no printer, a file that cannot be opened)."""
    painter = QPainter()
    if not painter.begin(device):
        raise PrintError(tr("The printer or file could not be opened."))
    return painter


def print_parts(device: QPagedPaintDevice, parts: Sequence[Part], guide: Guide,
                contacts: Contacts) -> int:
    """Lay ``parts`` out on the device's pages with the footer; returns the pages."""
    language = guide.language
    layout = device.pageLayout()
    dpi = _resolution(device)
    paint = layout.paintRectPixels(dpi)
    scale = dpi / 72
    width, full_height = paint.width() / scale, paint.height() / scale
    footer_height = 50.0
    height = full_height - footer_height
    laid = _lay_out(parts, width, language)
    edition = Edition.of(guide)
    _check_fonts([i.document.toPlainText() for i in laid if i.document is not None]
                 + [edition.disclaimer, edition.line()], language)
    pages = _paginate(laid, height)
    painter = _begin(device)
    try:
        for number, page in enumerate(pages):
            if number and not device.newPage():
                raise PrintError(tr("The printer or file stopped taking pages."))
            painter.save()
            painter.scale(scale, scale)
            for item, top in page:
                painter.save()
                painter.setClipRect(QRectF(0, top, width, min(item.height, height - top) + 1))
                _draw_part(painter, item, top, width)
                painter.restore()
            _footer(painter, QRectF(0, height, width, footer_height), language, edition,
                    contacts, tr("Page {0} of {1}").format(number + 1, len(pages)))
            painter.restore()
    finally:
        painter.end()
    return len(pages)


def _footer(painter: QPainter, area: QRectF, language: str, edition: Edition,
            contacts: Contacts, page: str) -> None:
    painter.save()
    painter.setPen(QPen(QColor(MUTED), 0.6))
    rule = area.top() + 14
    painter.drawLine(QPointF(area.left(), rule), QPointF(area.right(), rule))
    call = ""
    if contacts.clinic_phone:
        call = (html.escape(tr("Warning signs? Call at once:")) + " "
                + _number(contacts.clinic_phone) + "&nbsp;&nbsp;·&nbsp;&nbsp;")
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setDefaultFont(_font(language, 7.5))
    document.setTextWidth((area.width() - 70) * _UNIT)
    document.setHtml(f'<p style="color: {MUTED};">{call}{html.escape(edition.disclaimer)}<br>'
                     f"{html.escape(edition.line())}</p>")
    _typeset(document)
    painter.translate(area.left(), rule + 4)
    painter.scale(1 / _UNIT, 1 / _UNIT)
    document.drawContents(painter)
    painter.restore()
    painter.save()
    painter.setFont(_font(language, 8))
    painter.setPen(QColor(MUTED))
    painter.translate(area.left(), rule + 4)
    painter.scale(1 / _UNIT, 1 / _UNIT)
    painter.drawText(QRectF(0, 0, area.width() * _UNIT, (area.height() - 18) * _UNIT),
                     int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), page)
    painter.restore()


# -- the documents -----------------------------------------------------------------------------
def print_handout(device: QPagedPaintDevice, guide: Guide, sections: Sequence[str],
                  settings: Settings) -> int:
    parts = handout_parts(guide, sections, settings)
    return print_parts(device, parts, guide, Contacts.of(guide, settings))


def questions_parts(p: Parts, *, with_title: bool = True, lines: int = 2,
                    own: int = 4) -> None:
    """The evaluation's questions with room to write, then lines for the reader's own."""
    evaluation = p.guide.evaluation
    if with_title:
        p.heading(html.escape(tr("My questions")), 1, escaped=True)
    else:
        p.heading(html.escape(tr("My questions")), 2, escaped=True)
    if evaluation is not None and evaluation.questions is not None:
        p.heading(evaluation.questions.heading, 3)
        p.add(f"<p>{html.escape(tr('Tick each question once it has been answered.'))}</p>",
              space_before=4.0)
        for question in evaluation.questions.items:
            p.question(p.text(question))
            p.writing_lines(lines)
    p.heading(html.escape(tr("My own questions")), 3, escaped=True)
    for _ in range(own):
        p.question("")
        p.writing_lines(1)


def print_questions(device: QPagedPaintDevice, guide: Guide,
                    settings: Settings | None = None) -> int:
    contacts = Contacts.of(guide, settings or Settings())
    p = Parts(guide, contacts)
    questions_parts(p)
    return print_parts(device, p.items, guide, contacts)


def plan_parts(guide: Guide, settings: Settings, details: PatientDetails) -> list[Part]:
    """The personal plan: the patient's dates, the warning signs boxed, the numbers to call,
    the steps the nurse picked (in short), and the questions sheet."""
    contacts = Contacts.of(guide, settings)
    p = Parts(guide, contacts)
    p.heading(html.escape(tr("My CAR-T plan")), 1, escaped=True)
    p.write_in_rows([(tr("Name"), details.name),
                     (tr("Treating centre"), settings.clinic_name),
                     (tr("Trial or product"), details.trial)])
    p.heading(html.escape(tr("My dates")), 2, escaped=True, space_before=12.0)
    p.write_in_rows([(tr("Cell collection"), details.collection),
                     (tr("Chemotherapy"), details.chemotherapy),
                     (tr("CAR-T infusion"), details.infusion),
                     (tr("Stay near the treatment centre until"), details.stay_near_until),
                     (tr("No driving until"), details.no_driving_until),
                     (tr("First check-up"), details.first_check)])
    p.add(f'<p class="small">{html.escape(tr("Your own care team sets these dates and rules."))}'
          "</p>", space_before=2.0)
    p.urgent_panel()
    steps = guide.steps
    if steps is not None:
        chosen = [s for s in steps.steps if s.id in details.steps] if details.steps \
            else list(steps.steps)
        p.heading(html.escape(tr("My steps")), 2, escaped=True)
        total = len(steps.steps)
        for step in chosen:
            number = steps.steps.index(step) + 1
            p.heading(tr("Step {0} of {1}").format(number, total) + ": " + p.text(step.title),
                      3, escaped=True, space_before=10.0)
            p.paragraphs(step.what_happens[:1])
            p.heading(html.escape(tr("How to prepare")), 4, escaped=True, space_before=3.0)
            p.items_list(step.prepare)
    questions_parts(p, with_title=False, lines=1, own=3)
    return p.items


def print_plan(device: QPagedPaintDevice, guide: Guide, settings: Settings,
               details: PatientDetails = BLANK) -> int:
    contacts = Contacts.of(guide, settings)
    return print_parts(device, plan_parts(guide, settings, details), guide, contacts)


# -- the wallet card ---------------------------------------------------------------------------
def _first_sentence(text: str) -> str:
    for stop in (". ", "。"):
        if stop in text:
            return text.split(stop, 1)[0] + stop.strip()
    return text


class _Card:
    """Draws one card face in points (the card is 242.6 x 153.0 pt), shrinking its type
    evenly until everything fits."""

    def __init__(self, painter: QPainter | None, area: QRectF, language: str,
                 fit: float) -> None:
        self.painter = painter
        self.area = area
        self.language = language
        self.fit = fit
        self.y = area.top()
        self.texts: list[str] = []

    def font(self, size: float, bold: bool = False, digits: bool = False) -> QFont:
        return _font(self.language, size * self.fit, bold, digits)

    def _height(self, font: QFont, width: float, text: str) -> float:
        metrics = QFontMetricsF(font)
        flags = int(Qt.TextFlag.TextWordWrap)
        rect = metrics.boundingRect(QRectF(0, 0, width * _UNIT, 1e6), flags, text)
        return rect.height() / _UNIT

    def text(self, words: str, size: float, *, bold: bool = False, colour: str = INK,
             left: float = 0.0, width: float | None = None, digits: bool = False,
             advance: bool = True) -> float:
        self.texts.append(words)
        shown = typeset(words)  # "CAR-T" whole, Chinese words unsplit (see _typeset)
        font = self.font(size, bold, digits)
        width = (self.area.width() - left) if width is None else width
        height = self._height(font, width, shown)
        if self.painter is not None:
            p = self.painter
            p.save()
            p.setFont(font)
            p.setPen(QColor(colour))
            p.translate(self.area.left() + left, self.y)
            p.scale(1 / _UNIT, 1 / _UNIT)
            p.drawText(QRectF(0, 0, width * _UNIT, height * _UNIT + 2),
                       int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap), shown)
            p.restore()
        if advance:
            self.y += height
        return height

    def field(self, label: str, value: str, *, left: float = 0.0, width: float | None = None,
              size: float = 7.0, digits: bool = False) -> float:
        """A small label over its value, or over a line to write on."""
        width = (self.area.width() - left) if width is None else width
        top = self.y
        used = self.text(label, 5.2, colour=MUTED, left=left, width=width)
        if value:
            used += self.text(value, size, bold=True, left=left, width=width, digits=digits)
        else:
            line_y = self.y + 11.0 * self.fit
            if self.painter is not None:
                self.painter.save()
                self.painter.setPen(QPen(QColor(RULE), 0.5))
                self.painter.drawLine(QPointF(self.area.left() + left, line_y),
                                      QPointF(self.area.left() + left + width - 4, line_y))
                self.painter.restore()
            used += 11.6 * self.fit
            self.y = top + used
        self.y = top + used
        return used

    def gap(self, points: float) -> None:
        self.y += points * self.fit


def _card_front(card: _Card, guide: Guide, contacts: Contacts, details: PatientDetails,
                band: bool = True) -> None:
    area = card.area
    title = tr("I have had CAR-T cell therapy")
    band_height = 17.0 * card.fit + 4
    if card.painter is not None and band:
        card.painter.fillRect(QRectF(area.left() - 7, area.top() - 6, area.width() + 14,
                                     band_height + 6), QColor(PRIMARY))
    card.y += 2
    card.text(title, 9.5, bold=True, colour="#FFFFFF", left=0)
    card.y = area.top() + band_height + 3 * card.fit
    half = area.width() / 2
    card.field(tr("Name"), details.name)
    top = card.y
    card.field(tr("Date of infusion"), details.infusion, width=half - 2)
    left_end = card.y
    card.y = top
    card.field(tr("Trial or product"), details.trial, left=half, width=half)
    card.y = max(left_end, card.y)
    card.field(tr("Treating centre"), contacts.clinic_name)
    top = card.y
    card.field(tr("24-hour phone"), contacts.clinic_phone, width=half + 12, size=8.5,
               digits=True)
    left_end = card.y
    card.y = top
    card.field(tr("Emergency"), contacts.emergency_words(), left=half + 14, width=half - 14,
               size=7.0 if contacts.emergency_number else 5.2, digits=True)
    card.y = max(left_end, card.y)
    card.gap(2.5)
    card.text(tr("For any doctor or nurse: this person has received CAR-T cell therapy. "
                 "There is a risk of cytokine release syndrome (CRS) and of neurological "
                 "effects. Please contact the treating team."), 5.0, bold=False, colour=INK)


def _card_back(card: _Card, guide: Guide, contacts: Contacts) -> None:
    side_effects = guide.side_effects
    heading = tr("Warning signs: call your care team at once")
    card.text(heading, 7.2, bold=True, colour=URGENT_TEXT)
    card.gap(1.5)
    if side_effects is not None:
        items = [_first_sentence(markup.plain(i, guide_term(guide)))
                 for i in side_effects.call_now.items]
        middle = (len(items) + 1) // 2
        half = card.area.width() / 2
        top = card.y
        for column, chunk in enumerate((items[:middle], items[middle:])):
            card.y = top
            for item in chunk:
                bullet = column * half
                card.text("•", 6.0, left=bullet, width=6, advance=False)
                card.text(item, 6.0, left=bullet + 5.5, width=half - 8.5)
                card.gap(0.9)
            if column == 0:
                left_end = card.y
        card.y = max(left_end, card.y)
    card.gap(1.5)
    phone = contacts.clinic_phone
    call = (tr("Call day or night: {0}").format(phone) if phone
            else tr("Call day or night: the 24-hour phone on the front."))
    card.text(call, 7.0, bold=True, digits=True)
    card.text(contacts.emergency_line(), 5.6, digits=True)


def guide_term(guide: Guide) -> Callable[[str], str | None]:
    return lambda i: t.term if (t := guide.term(i)) else None


def _card_face(card: _Card, face: str, guide: Guide, contacts: Contacts,
               details: PatientDetails) -> None:
    if face == "front":
        _card_front(card, guide, contacts, details)
    else:
        _card_back(card, guide, contacts)


def _draw_card(painter: QPainter, area: QRectF, face: str, guide: Guide, contacts: Contacts,
               details: PatientDetails, edition: Edition) -> list[str]:
    """One card face in ``area`` (points); returns the text drawn (to check the fonts)."""
    inner = area.adjusted(7, 6, -7, -5)
    foot = 9.0
    body = QRectF(inner.left(), inner.top(), inner.width(), inner.height() - foot)
    fit = 1.0
    while fit > 0.6:  # shrink evenly until it fits: another language is longer
        trial = _Card(None, body, guide.language, fit)
        _card_face(trial, face, guide, contacts, details)
        if trial.y <= body.bottom():
            break
        fit -= 0.04
    card = _Card(painter, body, guide.language, fit)
    _card_face(card, face, guide, contacts, details)
    card.y = inner.bottom() - foot + 1.5
    card.area = QRectF(inner.left(), card.y, inner.width(), foot)
    card.fit = 1.0
    card.text(f"{edition.disclaimer} {edition.line()}", 3.6, colour=MUTED)
    return card.texts


def _card_texts(guide: Guide, contacts: Contacts, details: PatientDetails,
                edition: Edition) -> list[str]:
    texts: list[str] = [edition.disclaimer, edition.line()]
    for face in ("front", "back"):
        card = _Card(None, QRectF(0, 0, 228, 130), guide.language, 1.0)
        _card_face(card, face, guide, contacts, details)
        texts += card.texts
    return texts


def _card_area(device: QPagedPaintDevice) -> QRectF:
    return QRectF(0, 0, CARD_SIZE_MM.width() * _MM, CARD_SIZE_MM.height() * _MM)


def print_wallet_card(device: QPagedPaintDevice, guide: Guide, settings: Settings,
                      details: PatientDetails = BLANK) -> int:
    """The card at its real size (the device's page is ID-1): page 1 front, page 2 back."""
    contacts = Contacts.of(guide, settings)
    edition = Edition.of(guide)
    _check_fonts(_card_texts(guide, contacts, details, edition), guide.language)
    scale = _resolution(device) / 72
    painter = _begin(device)
    try:
        for number, face in enumerate(("front", "back")):
            if number and not device.newPage():
                raise PrintError(tr("The printer or file stopped taking pages."))
            painter.save()
            painter.scale(scale, scale)
            _draw_card(painter, _card_area(device), face, guide, contacts, details, edition)
            painter.restore()
    finally:
        painter.end()
    return 2


def print_wallet_sheet(device: QPagedPaintDevice, guide: Guide, settings: Settings,
                       details: PatientDetails = BLANK) -> int:
    """Ten cards on an A4 page with crop marks: fronts on page 1, backs on page 2 (columns
    mirrored, for double-sided printing flipped on the long edge)."""
    contacts = Contacts.of(guide, settings)
    edition = Edition.of(guide)
    _check_fonts(_card_texts(guide, contacts, details, edition), guide.language)
    scale = _resolution(device) / 72
    width, height = CARD_SIZE_MM.width() * _MM, CARD_SIZE_MM.height() * _MM
    page = device.pageLayout().fullRectPoints()
    left = (page.width() - 2 * width) / 2
    top = (page.height() - 5 * height) / 2
    painter = _begin(device)
    try:
        for face, mirrored in (("front", False), ("back", True)):
            if mirrored and not device.newPage():
                raise PrintError(tr("The printer or file stopped taking pages."))
            painter.save()
            painter.scale(scale, scale)
            for row in range(5):
                for column in range(2):
                    x = left + ((1 - column) if mirrored else column) * width
                    _draw_card(painter, QRectF(x, top + row * height, width, height), face,
                               guide, contacts, details, edition)
            _crop_marks(painter, left, top, width, height)
            painter.restore()
    finally:
        painter.end()
    return 2


def _crop_marks(painter: QPainter, left: float, top: float, width: float,
                height: float) -> None:
    """Short lines outside the block of cards, in line with every cut (points)."""
    painter.save()
    painter.setPen(QPen(QColor("black"), 0.4))
    gap, length = 2 * _MM, 5 * _MM
    xs = [left + i * width for i in range(3)]
    ys = [top + i * height for i in range(6)]
    for x in xs:
        painter.drawLine(QPointF(x, ys[0] - gap - length), QPointF(x, ys[0] - gap))
        painter.drawLine(QPointF(x, ys[-1] + gap), QPointF(x, ys[-1] + gap + length))
    for y in ys:
        painter.drawLine(QPointF(xs[0] - gap - length, y), QPointF(xs[0] - gap, y))
        painter.drawLine(QPointF(xs[-1] + gap, y), QPointF(xs[-1] + gap + length, y))
    painter.restore()


# -- what can be printed, and where ------------------------------------------------------------
DOCUMENTS = ("handout", "wallet-card", "wallet-sheet", "plan", "questions")


def page_setup(document: str) -> tuple[QPageSize, float]:
    if document == "wallet-card":
        return CARD_PAGE, 0
    if document == "wallet-sheet":
        return QPageSize(QPageSize.PageSizeId.A4), 0
    return QPageSize(QPageSize.PageSizeId.A4), 15


def print_to(device: QPagedPaintDevice, document: str, guide: Guide, settings: Settings,
             sections: Sequence[str] | None = None,
             details: PatientDetails = BLANK) -> int:
    """Draw one of :data:`DOCUMENTS` on a printer, a preview or a PDF writer. Raises
    :class:`PrintError` when the device cannot be drawn on. ``sections`` (handout only): from
    :func:`handout_sections`; None: all of them."""
    if document == "handout":
        return print_handout(device, guide,
                             handout_sections(guide) if sections is None else sections, settings)
    if document == "wallet-card":
        return print_wallet_card(device, guide, settings, details)
    if document == "wallet-sheet":
        return print_wallet_sheet(device, guide, settings)
    if document == "plan":
        return print_plan(device, guide, settings, details)
    return print_questions(device, guide, settings)


# -- safe PDF files ----------------------------------------------------------------------------
def pdf_writer(path: Path, size: QPageSize, margins_mm: float) -> QPdfWriter:
    """A PDF file as a paged device: high resolution, the page size and margins given."""
    writer = QPdfWriter(str(path))
    writer.setResolution(_DPI)
    writer.setPageSize(size)
    writer.setPageMargins(QMarginsF(margins_mm, margins_mm, margins_mm, margins_mm),
                          QPageLayout.Unit.Millimeter)
    writer.setCreator("CAR-T Guide")
    return writer


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def write_pdf(path: Path, document: str, guide: Guide, settings: Settings | None = None, *,
              sections: Sequence[str] | None = None,
              details: PatientDetails = BLANK) -> int:
    """Write ``document`` to ``path`` safely; returns its pages or raises :class:`PrintError`.

    The PDF goes to a hidden temporary file in the same folder; it must be complete (ends in
    %%EOF, reads back with the pages drawn) before it is flushed to disk and renamed over
    ``path``. On any failure the temporary file is removed and ``path`` is left as it was.
    """
    settings = settings or Settings()
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise PrintError(tr("{0}: no such folder.").format(folder))
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part",
                                             dir=folder)
        os.close(handle)
    except OSError as error:
        raise PrintError(tr("Could not write in {0} ({1}).").format(folder, _reason(error))) \
            from error
    temp = Path(temporary)
    try:
        size, margins = page_setup(document)
        writer = pdf_writer(temp, size, margins)
        if document == "handout" and guide.home is not None:
            writer.setTitle(guide.home.app_title)
        pages = print_to(writer, document, guide, settings, sections, details)
        del writer  # closes the file
        _check_pdf(temp, pages)
        if document == "wallet-card":
            _exact_card_box(temp)
        with open(temp, "rb+") as stream:
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except OSError as error:
        raise PrintError(tr("Could not write {0} ({1}).").format(path, _reason(error))) \
            from error
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    _sync_folder(folder)
    return pages


def _check_pdf(path: Path, pages: int) -> None:
    """The file is a whole PDF with the pages drawn (a full disk cuts it short)."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as stream:
            stream.seek(max(0, size - 64))
            tail = stream.read()
    except OSError as error:
        raise PrintError(tr("Could not write {0} ({1}).").format(path.name, _reason(error))) \
            from error
    if size == 0 or not tail.rstrip().endswith(b"%%EOF"):
        raise PrintError(tr("The PDF could not be written completely. Is the disk full?"))
    from PySide6.QtPdf import QPdfDocument

    check = QPdfDocument()
    check.load(str(path))
    try:
        if check.status() != QPdfDocument.Status.Ready or check.pageCount() != pages:
            raise PrintError(tr("The PDF could not be written completely. Is the disk full?"))
    finally:
        check.close()


_MEDIA_BOX = re.compile(rb"/MediaBox \[0 0 243\.000000 153\.000000\]")


def _exact_card_box(path: Path) -> None:
    """Qt rounds page sizes to whole points (243 x 153 pt = 85.73 x 53.98 mm). Set each page's
    MediaBox to ID-1 exactly (242.645669 x 153.014173 pt); the numbers keep their length, so
    the file's cross-reference offsets stay right."""
    data = path.read_bytes()
    width = f"{CARD_SIZE_MM.width() * _MM:.6f}".encode()
    height = f"{CARD_SIZE_MM.height() * _MM:.6f}".encode()
    fixed, count = _MEDIA_BOX.subn(b"/MediaBox [0 0 " + width + b" " + height + b"]", data)
    if count and len(fixed) == len(data):
        path.write_bytes(fixed)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself survive a power cut."""
    if os.name != "posix":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


# Older names, used by the command line and tests: each one writes safely.
def write_handout(path: Path, guide: Guide, sections: Sequence[str] | None = None,
                  settings: Settings | None = None) -> int:
    """The handout as a PDF; ``sections`` from :func:`handout_sections` (None: all of them)."""
    return write_pdf(path, "handout", guide, settings, sections=sections)


def write_wallet_card(path: Path, guide: Guide, settings: Settings | None = None,
                      details: PatientDetails = BLANK) -> int:
    return write_pdf(path, "wallet-card", guide, settings, details=details)


def write_wallet_sheet(path: Path, guide: Guide, settings: Settings | None = None) -> int:
    return write_pdf(path, "wallet-sheet", guide, settings)


def write_questions(path: Path, guide: Guide, settings: Settings | None = None) -> int:
    return write_pdf(path, "questions", guide, settings)


def write_plan(path: Path, guide: Guide, settings: Settings | None = None,
               details: PatientDetails = BLANK) -> int:
    return write_pdf(path, "plan", guide, settings, details=details)

