"""Content text on screen: paragraphs, bullet lists and glossary links that stay inside the app."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from cartguide.content import markup
from cartguide.ui import theme

TERM_SCHEME = "term:"
_LAYOUT_CHANGES = (QEvent.Type.FontChange, QEvent.Type.StyleChange,
                   QEvent.Type.ContentsRectChange, QEvent.Type.LayoutDirectionChange)


def to_html(text: str, term_name: Callable[[str], str | None]) -> str:
    """Escape content text and turn glossary links into in-app ``term:`` anchors."""
    parts: list[str] = []
    for seg in markup.segments(text):
        if isinstance(seg, markup.Link):
            words = seg.words or term_name(seg.term_id) or seg.term_id.replace("-", " ")
            parts.append(
                f'<a href="{TERM_SCHEME}{html.escape(seg.term_id)}" '
                f'style="color:{theme.palette().link}; text-decoration: underline;">'
                f"{html.escape(words, quote=False)}</a>"
            )
        else:
            parts.append(html.escape(seg, quote=False))
    return "".join(parts)


class LinkRouter(QObject):
    """Carries link activations from any label to whoever shows the explanation."""

    term_requested = Signal(str)


class WrappingLabel(QLabel):
    """A word-wrapped label whose minimum height is one line.

    QLabel reports, as its minimum, the height it would need at its narrowest width (one word a
    line). Layouts add those up, and a long page becomes several times taller than its text, with
    the spare space spread inside cards. Heights come from heightForWidth instead.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        self._heights: dict[int, int] = {}
        super().__init__(text, parent)
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


class TextLabel(WrappingLabel):
    """One paragraph of content text: wraps, selectable by nobody, links open in the app."""

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
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setOpenExternalLinks(False)
        self.setText(to_html(text, term_name))
        self.setAccessibleName(markup.plain(text, term_name))
        if router is not None and markup.link_ids(text):
            self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                         | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
            self.linkActivated.connect(lambda href: self._open(href, router))

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
            bullet = QLabel("\u2022")
            bullet.setProperty("a11y", "hidden")  # the list item's role says it
            row.addWidget(bullet, 0, Qt.AlignmentFlag.AlignTop)
            label = make_label(item)
            row.addWidget(label, 1)
            holder.setAccessibleName(label.accessibleName())
            layout.addWidget(holder)
