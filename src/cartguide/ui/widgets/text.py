"""Content text on screen: paragraphs, bullet lists and glossary links that stay inside the app."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable, Iterable
from functools import cache, lru_cache

from PySide6.QtCore import (
    QEvent,
    QObject,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTextBoundaryFinder,
    Signal,
)
from PySide6.QtGui import (
    QPainter,
    QPaintEvent,
    QPen,
    QRegion,
    QResizeEvent,
    QShowEvent,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cartguide import resources
from cartguide.content import markup
from cartguide.ui import theme

log = logging.getLogger(__name__)

TERM_SCHEME = "term:"
#: The only tags our renderer writes: a glossary link and its end. Anything else in the HTML
#: handed to Qt would be a bug here, and Qt's rich text can load files (<img src>, <link>).
_OUR_TAG = re.compile(r'<a href="term:[^"<>]*" style="[^"<>()]*">|</a>'
                      r"|<span style=\"font-family:'Noto Sans SC'\">|</span>")
_LAYOUT_CHANGES = (QEvent.Type.FontChange, QEvent.Type.StyleChange,
                   QEvent.Type.ContentsRectChange, QEvent.Type.LayoutDirectionChange)


#: U+2060 WORD JOINER: no line break on either side of it, and no width. Neither bundled font
#: has U+2011 (non-breaking hyphen), so "CAR-T" keeps its own hyphen with a joiner after it.
WORD_JOINER = "\u2060"

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: Words that must not break inside: "CAR-T" at its hyphen (any capitals joined by a hyphen:
#: CAR-T, PD-L1), and Chinese: a number with its unit of time ("8月", "3个月").
_HYPHENATED = re.compile(r"(?<=[A-Z])-(?=[A-Z])")
_NUMBER_UNIT = re.compile(r"(?<=\d)(?=(?:年|月|日|天|周|小时|分钟|个月|岁|次|%))")


@cache
def chinese_words() -> frozenset[str]:
    """The Chinese words a line must not split: those jieba, a real segmenter with its own
    dictionary, finds in the shipped text (tools/zh_words.py writes them to
    resources/text/zh_words.txt). Read once, on the first Chinese text: jieba itself is no
    run-time dependency (its dictionary takes over a second to load)."""
    path = resources.resources_dir() / "text" / "zh_words.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeError) as exc:
        log.warning("no Chinese word list (%s): lines may split words", exc)
        return frozenset()
    return frozenset(w.strip() for w in lines if len(w.strip()) >= 2 and not w.startswith("#"))


@cache
def _word_lengths() -> dict[str, tuple[int, ...]]:
    """For each character that starts a listed word, the lengths of those words."""
    lengths: dict[str, set[int]] = {}
    for word in chinese_words():
        lengths.setdefault(word[0], set()).add(len(word))
    return {first: tuple(sorted(found)) for first, found in lengths.items()}


def _chinese_word_joins(text: str) -> set[int]:
    """Inside every occurrence of every listed word, overlapping ones too: a line breaks only
    where no reading of the text has a word across it."""
    words, lengths = chinese_words(), _word_lengths()
    points: set[int] = set()
    for i, ch in enumerate(text):
        for length in lengths.get(ch, ()):
            if text[i:i + length] in words:
                points.update(range(i + 1, i + length))
    return points


def joins(text: str) -> list[int]:
    """Where a word joiner goes in ``text`` (each index: before that character), so that

    - "CAR-T" (and other hyphenated capitals) never breaks at its hyphen;
    - a Chinese paragraph never ends with a line of one character: its last two Chinese
      characters stay together (punctuation after them cannot start a line anyway);
    - a Chinese word (as a real segmenter finds it: see :func:`chinese_words`), or a number
      and its unit, is never split.
    """
    return list(_joins(text))


@lru_cache(maxsize=4096)  # a page turn or a text-size change lays the same paragraphs out again
def _joins(text: str) -> tuple[int, ...]:
    points = {m.end() for m in _HYPHENATED.finditer(text)}
    if _HAN.search(text):
        points.update(m.start() for m in _NUMBER_UNIT.finditer(text))
        points.update(_chinese_word_joins(text))
        # The paragraph's last two characters (Chinese, digits or letters; not punctuation).
        solid = [i for i, ch in enumerate(text) if _HAN.match(ch) or ch.isalnum()]
        if len(solid) >= 2 and not any(ch.isspace() for ch in text[solid[-2]:solid[-1]]):
            points.update(range(solid[-2] + 1, solid[-1] + 1))  # and what is between them
    return tuple(sorted(p for p in points if 0 < p < len(text)))


def typeset(text: str, _language: str = "") -> str:
    """``text`` with word joiners where a line must not break (see :func:`joins`). For the
    screen only: accessible names, speech and files keep the text as written."""
    text = text.replace(WORD_JOINER, "")  # typesetting twice gives the same text
    out, last = [], 0
    for point in joins(text):
        out.append(text[last:point])
        out.append(WORD_JOINER)
        last = point
    out.append(text[last:])
    return "".join(out)


def break_points(text: str) -> list[int]:
    """Where a line may start inside ``text`` once typeset (indices into ``text`` as
    written): never inside "CAR-T" or a listed Chinese word, as Qt's own line breaking finds
    them. For text broken by hand, such as a button's words on two lines."""
    text = text.replace(WORD_JOINER, "")
    shown = typeset(text)
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, shown)
    points = []
    position = finder.toNextBoundary()
    while 0 < position < len(shown):
        points.append(len(shown[:position].replace(WORD_JOINER, "")))
        position = finder.toNextBoundary()
    return points


def unbreakable_pieces(text: str) -> list[str]:
    """The pieces of ``text`` a line can never break inside (words; in Chinese, the runs the
    word joiners hold together), as Qt's own line breaking finds them."""
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, text)
    pieces, start = [], 0
    position = finder.toNextBoundary()
    while position != -1:
        piece = text[start:position].replace(WORD_JOINER, "").strip()
        if piece:
            pieces.append(piece)
        start = position
        position = finder.toNextBoundary()
    return pieces


#: A phone number: at least six digits, in groups or starting with 0 or +, standing alone (not
#: part of a web address, a DOI or a decimal).
_PHONE = re.compile(r"(?<![\w./:%-])\+?\d(?:[ \u00a0-]?\d){5,}(?![\w/%-]|\.\w)")
#: The bundled Latin font only has a slashed zero, which turns "020 7946 0000" into
#: "Ø2Ø 7946 ØØØØ"; phone numbers are drawn with the CJK font's plain digits.
PLAIN_DIGITS_FAMILY = theme.PLAIN_DIGITS_FAMILY
_PHONE_OPEN = f"<span style=\"font-family:'{PLAIN_DIGITS_FAMILY}'\">"


def _html_run(text: str) -> str:
    escaped = html.escape(text, quote=False)

    def phone(match: re.Match[str]) -> str:
        number = match.group(0)
        if " " not in number and "\u00a0" not in number and number[0] not in "0+":
            return number  # a bare run of digits: a count or an identifier, not a phone
        return f"{_PHONE_OPEN}{number}</span>"

    return _PHONE.sub(phone, escaped)


def to_html(text: str, term_name: Callable[[str], str | None]) -> str:
    """Escape content text and turn glossary links into in-app ``term:`` anchors; typeset for
    the screen (see :func:`typeset`)."""
    parts: list[tuple[str | None, str]] = []
    for seg in markup.segments(text):
        if isinstance(seg, markup.Link):
            words = seg.words or term_name(seg.term_id) or seg.term_id.replace("-", " ")
            parts.append((seg.term_id, words))
        else:
            parts.append((None, seg))
    # Joiners are worked out on the whole paragraph (its last characters may be a link's).
    whole = "".join(words for _id, words in parts)
    points = joins(whole)
    out: list[str] = []
    start = 0
    for term_id, words in parts:
        end = start + len(words)
        inside = [p - start for p in points if start < p < end]
        pieces, last = [], 0
        for p in inside:
            pieces.append(words[last:p])
            last = p
        pieces.append(words[last:])
        shown = WORD_JOINER.join(pieces)
        if end in points and end < len(whole):
            shown += WORD_JOINER
        if term_id is not None:
            out.append(
                f'<a href="{TERM_SCHEME}{html.escape(term_id)}" '
                f'style="color:{theme.palette().link}; text-decoration: underline;">'
                f"{_html_run(shown)}</a>"
            )
        else:
            out.append(_html_run(shown))
        start = end
    return "".join(out)


class LinkRouter(QObject):
    """Carries link activations from any label to whoever shows the explanation."""

    term_requested = Signal(str)


class PlainLabel(QLabel):
    """A label whose text is shown exactly as written, never read as HTML.

    QLabel's default (``Qt.AutoText``) renders anything that looks like HTML: content, a
    translation or a setting with ``<img src="/dev/zero">`` in it would make Qt read that file
    (red-team B3). Every label of the guide is plain text from its first ``setText``; only
    :class:`TextLabel` shows rich text, and only the HTML our own renderer builds.
    """

    #: lines are typeset (see :func:`typeset`); TextLabel typesets its own HTML
    typesets = True

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        self._written = ""
        self._own_name = False
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        if text:
            self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        """Show ``text`` typeset for the screen ("CAR-T" whole, Chinese words unsplit); what
        it says to assistive technology, and what :meth:`text` answers, is ``text`` as
        written, without the word joiners."""
        self._written = text.replace(WORD_JOINER, "")
        shown = typeset(self._written) if self.typesets else text
        # Named before the text is set: Qt would name the label by its shown text, joiners and
        # all, and a named label's new text tells assistive technology nothing more (one
        # name-change event per label, not two: a page is hundreds of labels, see _build_ahead).
        if not self._own_name:
            QLabel.setAccessibleName(self, self._written)
        super().setText(shown)

    def text(self) -> str:
        """The text as written (no word joiners); :meth:`shown_text` is what Qt lays out."""
        return self._written

    def shown_text(self) -> str:
        return QLabel.text(self)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt API
        self._own_name = True
        super().setAccessibleName(name)


class WrappingLabel(PlainLabel):
    """A word-wrapped label whose minimum height is one line.

    QLabel reports, as its minimum, the height it would need at its narrowest width (one word a
    line). Layouts add those up, and a long page becomes several times taller than its text, with
    the spare space spread inside cards. Heights come from heightForWidth instead.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        self._heights: dict[int, int] = {}
        super().__init__("", parent)
        if text:
            self.setText(text)
        self.setWordWrap(True)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(super().minimumSizeHint().width(), self.fontMetrics().height())

    # QLabel lays its text out anew for every heightForWidth() question, and a page turn asks
    # each label about twice per width: remembered until the text, font or margins change.
    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        self._heights.clear()
        super().setText(text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in _LAYOUT_CHANGES:
            self._heights.clear()
        super().changeEvent(event)


def _x_of(answer: object) -> float:
    """QTextLine.cursorToX answers (x, position) in PySide6."""
    return float(answer[0]) if isinstance(answer, tuple) else float(answer)  # type: ignore[arg-type]


#: one line's part of a glossary link: term id, its words there, where, which link
_Piece = tuple[str, str, QRectF, int]


class TermLink(QPushButton):
    """A glossary word as a real control, laid exactly over the word its paragraph draws.

    A QLabel's links are invisible to assistive technology (no Text or Hypertext interface
    over AT-SPI in Qt 6.11) and its keyboard link focus is a 1-px dotted box. This button is
    what the keyboard and a screen reader use (a link named by the word, pressed with Space
    or Enter), and what a finger or the mouse hits; it draws nothing but a thick focus ring:
    the words stay the paragraph's own, so nothing moves."""

    def __init__(self, term_id: str, words: str, router: LinkRouter,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from cartguide.i18n import tr

        self.setObjectName("termLink")
        # A word broken over two lines is still this one control (issue 14 item 4): it spans
        # both lines and a mask keeps it to the word's pieces, so a finger on either opens it
        # and a screen reader meets one link named by the whole word. (The role is set first:
        # Qt asks the factory once, at the first accessibility event.)
        self.setProperty("a11y", "link")
        self.term_id = term_id
        self._pieces: list[QRect] = []
        self.setAccessibleName(words)
        self.setAccessibleDescription(tr("Explain this word"))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.clicked.connect(lambda _checked=False: router.term_requested.emit(term_id))

    @property
    def pieces(self) -> list[QRect]:
        """Where the word's pieces lie (one per line it is on), in this control's coordinates."""
        return list(self._pieces)

    def place(self, pieces: list[QRect]) -> None:
        """Cover ``pieces`` (rectangles in the parent's coordinates, ring room included)."""
        bounds = QRect()
        for piece in pieces:
            bounds = bounds.united(piece)
        self.setGeometry(bounds)
        self._pieces = [piece.translated(-bounds.topLeft()) for piece in pieces]
        if len(pieces) > 1:
            region = QRegion()
            for piece in self._pieces:
                region = region.united(QRegion(piece))
            self.setMask(region)
        else:
            self.clearMask()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        # The ring is for keyboard use only (see ui/focus_style.py), not after a touch.
        if not (self.hasFocus() and self.property("keyboardFocus")):
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(theme.colour("focus"), FOCUS_RING_PX)
        painter.setPen(pen)
        half = FOCUS_RING_PX / 2
        for piece in self._pieces or [self.rect()]:
            painter.drawRoundedRect(QRectF(piece).adjusted(half, half, -half, -half), 6, 6)


#: the glossary words' focus ring (WCAG 2.4.13 asks at least 2 px)
FOCUS_RING_PX = 3
_RING_ROOM = FOCUS_RING_PX + 1  # the ring sits just outside the word


class TextLabel(WrappingLabel):
    """One paragraph of content text: wraps, selectable by nobody, links open in the app.

    Its glossary words are underlined for the eye and covered by :class:`TermLink` controls
    for touch, mouse, keyboard and screen readers; the paragraph itself is no Tab stop."""

    typesets = False  # its HTML comes typeset from to_html

    def __init__(
        self,
        text: str,
        *,
        role: str = "body",
        router: LinkRouter | None = None,
        term_name: Callable[[str], str | None] = lambda _id: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("", parent)
        self.setProperty("role", role)
        self.setProperty("reading", False)  # the read-aloud frame's room is kept (theme)
        self.setOpenExternalLinks(False)
        self.setAccessibleName(markup.plain(text, term_name))  # first: see PlainLabel.setText
        rich = to_html(text, term_name)
        if "<" in _OUR_TAG.sub("", rich):  # never: every other "<" was escaped
            log.error("refusing rich text with markup not made by the guide: %r", rich[:200])
            self.setText(markup.plain(text, term_name))
        else:
            self.setTextFormat(Qt.TextFormat.RichText)
            self.setText(rich)
        self._router = router
        self._links: list[TermLink] = []
        self._placed_for: tuple[int, int, int] | None = None
        if router is not None and markup.link_ids(text):
            self.linkActivated.connect(lambda href: self._open(href, router))

    @property
    def term_links(self) -> list[TermLink]:
        """The glossary words' controls, one per word, in reading order."""
        self._place_links()
        return list(self._links)

    def _document(self) -> QTextDocument:
        """The words laid out as QLabel lays them out (the same font, width and wrapping)."""
        document = QTextDocument()
        document.setDefaultFont(self.font())
        document.setDocumentMargin(0)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
                           if self.wordWrap() else QTextOption.WrapMode.ManualWrap)
        document.setDefaultTextOption(option)
        document.setHtml(self.shown_text())
        document.setTextWidth(self.contentsRect().width() - 2 * max(self.margin(), 0))
        return document

    def _place_links(self) -> None:
        if self._router is None or "href=" not in self.shown_text():
            return
        key = (self.width(), self.height(), self.font().pixelSize())
        if key == self._placed_for and self._links:
            return
        self._placed_for = key
        document = self._document()
        area = self.contentsRect()
        shown_height = document.documentLayout().documentSize().height()
        top = area.top() + max(0.0, (area.height() - shown_height) / 2)  # AlignVCenter
        pieces: list[_Piece] = []
        names: dict[int, str] = {}
        link_number = 0
        block = document.begin()
        while block.isValid():
            layout = block.layout()
            origin = document.documentLayout().blockBoundingRect(block).topLeft()
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                it += 1
                href = fragment.charFormat().anchorHref()
                if not href.startswith(TERM_SCHEME):
                    continue
                link_number += 1
                # Named as written, whatever the lines do: "细胞因子", never "细胞 因子".
                names[link_number] = " ".join(fragment.text().replace(WORD_JOINER, "").split())
                start = fragment.position() - block.position()
                end = start + fragment.length()
                position = start
                while position < end:
                    line = layout.lineForTextPosition(position)
                    if not line.isValid():
                        break
                    stop = min(end, line.textStart() + line.textLength())
                    x1 = _x_of(line.cursorToX(position))
                    x2 = _x_of(line.cursorToX(stop))
                    rect = QRectF(origin.x() + min(x1, x2), origin.y() + line.y(),
                                  abs(x2 - x1), line.height())
                    words = (fragment.text()[position - start:stop - start]
                             .replace(WORD_JOINER, "").strip())
                    if words and rect.width() > 0:
                        pieces.append((href.removeprefix(TERM_SCHEME), words, rect, link_number))
                    position = max(stop, position + 1)
            block = block.next()
        # One control per word, over all of its pieces, named by all of its words.
        by_word: dict[int, list[_Piece]] = {}
        for piece in pieces:
            by_word.setdefault(piece[3], []).append(piece)
        shift = QPointF(area.left() + max(self.margin(), 0), top)
        while len(self._links) > len(by_word):
            self._links.pop().deleteLater()
        for i, (number, parts) in enumerate(by_word.items()):
            term_id = parts[0][0]
            name = names[number]
            if i < len(self._links) and self._links[i].term_id == term_id:
                link = self._links[i]
                link.setAccessibleName(name)
            else:
                if i < len(self._links):
                    self._links[i].deleteLater()
                assert self._router is not None
                link = TermLink(term_id, name, self._router)
                link.setParent(self)  # after its role is set (see TermLink)
                if i < len(self._links):
                    self._links[i] = link
                else:
                    self._links.append(link)
            link.place([p[2].translated(shift).adjusted(-_RING_ROOM, -1, _RING_ROOM, 1)
                        .toAlignedRect() for p in parts])
            link.show()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._place_links()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() in _LAYOUT_CHANGES:
            self._placed_for = None
            if self.isVisible():
                self._place_links()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._place_links()

    @staticmethod
    def _open(href: str, router: LinkRouter) -> None:
        if href.startswith(TERM_SCHEME):
            router.term_requested.emit(href.removeprefix(TERM_SCHEME))
        # Any other link is ignored: nothing leaves the app.


class BulletList(QWidget):
    """Items, each with a bullet, in reading order."""

    def __init__(self, items: Iterable[str], make_label: Callable[[str], TextLabel],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("a11y", "list")  # see cartguide.ui.accessibility
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for item in items:
            holder = QWidget()
            holder.setProperty("a11y", "listitem")
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(12)
            bullet = PlainLabel("\u2022")
            bullet.setProperty("a11y", "hidden")  # the list item's role says it
            row.addWidget(bullet, 0, Qt.AlignmentFlag.AlignTop)
            label = make_label(item)
            row.addWidget(label, 1)
            holder.setAccessibleName(label.accessibleName())
            layout.addWidget(holder)
