"""Words to know: every term the guide explains, in the order its readers expect, with a row of
letters to jump to.

The order comes from the platform's collation (Qt's ``QCollator``, which is ICU): alphabetical in
English, pinyin in Chinese. Nothing here orders words by hand. The jump letters of a Chinese
list are found the way ICU's alphabetic index finds them: a term belongs to the last initial
whose first syllable (阿 a, 八 ba, 擦 ca, ...) the same collator sorts at or before it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCollator, QLocale, Qt, Slot
from PySide6.QtWidgets import QPushButton, QSizePolicy, QVBoxLayout, QWidget

from cartguide.content import Glossary, Term, markup
from cartguide.i18n import tr
from cartguide.ui import accessibility
from cartguide.ui.context import PageContext
from cartguide.ui.pages.base import ScrollPage
from cartguide.ui.widgets.card import Card
from cartguide.ui.widgets.flow import FlowLayout

#: For each pinyin initial, a common character of its first syllable (see the module's note).
PINYIN_INITIALS = tuple(zip("ABCDEFGHJKLMNOPQRSTWXYZ",
                            "阿八擦搭额发嘎哈击咖拉妈拿哦趴七然撒他挖夕压匝", strict=True))


def collator(language: str) -> QCollator:
    """The platform's collation for ``language`` (zh_CN: pinyin order)."""
    c = QCollator(QLocale(language))
    c.setCaseSensitivity(c.caseSensitivity().CaseInsensitive)
    c.setNumericMode(True)
    return c


def sorted_terms(terms: Sequence[Term], language: str) -> list[Term]:
    """The terms in their readers' order: alphabetical in English; in Chinese one A-Z run of
    letters, each holding the terms filed under it (pinyin initials and terms that start with
    a Latin letter, such as CAR-T or HER2, together), in the collator's order inside it."""
    key = collator(language).sortKey
    ordered = sorted(terms, key=lambda t: key(markup.plain(t.term)))
    if not language.startswith("zh"):
        return ordered
    letters = [index_letter(markup.plain(t.term), language) for t in ordered]
    rank = {t.id: (letter == "#", letter, i)  # "#" (digits, symbols) last
            for i, (t, letter) in enumerate(zip(ordered, letters, strict=True))}
    return sorted(ordered, key=lambda t: rank[t.id])


def index_letter(word: str, language: str) -> str:
    """The jump letter a term is filed under: its first letter, or (Chinese) its pinyin
    initial as the collator places it."""
    first = word.strip()[:1]
    if not first:
        return "#"
    if first.isascii():
        return first.upper() if first.isalpha() else "#"
    if language.startswith("zh"):
        c = collator(language)
        letter = "#"
        for initial, syllable in PINYIN_INITIALS:
            if c.compare(syllable, first) <= 0:
                letter = initial
        return letter
    return first.upper()


class GlossaryPage(ScrollPage):
    key = "glossary"

    def __init__(self, ctx: PageContext, glossary: Glossary,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._glossary = glossary
        language = ctx.guide.language
        self.add_heading(glossary.title)
        self.add_hero(glossary.illustration, glossary.intro)
        self._cards: dict[str, Card] = {}
        self._groups: dict[str, QWidget] = {}
        self.terms = sorted_terms(glossary.terms, language)
        groups: list[tuple[str, list[Term]]] = []
        for term in self.terms:
            letter = index_letter(term.term, language)
            if groups and groups[-1][0] == letter:
                groups[-1][1].append(term)
            else:
                groups.append((letter, [term]))
        index = QWidget()
        index.setObjectName("glossaryIndex")
        box = QVBoxLayout(index)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        jump = ctx.label(tr("Jump to:"), role="h3")
        accessibility.set_heading_level(jump, 2)  # drawn small; the first level under the title
        box.addWidget(jump)
        letters = QWidget()
        flow = FlowLayout(letters, 10)  # wraps: never a letter cut off at large text
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        letters.setSizePolicy(policy)
        self.index_buttons: list[QPushButton] = []
        seen: set[str] = set()
        for letter, _terms in groups:
            if letter in seen:
                continue
            seen.add(letter)
            button = QPushButton(letter)
            button.setObjectName("indexLetter")
            button.setAccessibleName(tr("Words under {0}").format(letter))
            button.setAccessibleDescription(tr("Go to the words filed under this letter"))
            button.clicked.connect(lambda _c=False, letter=letter: self.jump_to(letter))
            flow.addWidget(button)
            self.index_buttons.append(button)
        box.addWidget(letters)
        self.column.addWidget(index)
        for letter, members in groups:
            if letter not in self._groups:
                heading = ctx.label(letter, role="h2")
                heading.setObjectName("indexHeading")
                # A jump puts the focus here (so the next Tab goes to the first word under it)
                heading.setFocusPolicy(Qt.FocusPolicy.TabFocus)
                heading.setIndent(0)  # its focus border would otherwise indent the letter
                self._groups[letter] = heading
                self.column.addWidget(heading)
            for term in members:
                card = Card(ctx, term.term, paragraphs=term.definition, sources=term.sources,
                            heading_role="h3")
                card.setAccessibleName(term.term)
                self._cards[term.id] = card
                self.column.addWidget(card)

    @property
    def title(self) -> str:
        return markup.plain(self._glossary.title, self.ctx.term_name)

    @Slot(str)
    def jump_to(self, letter: str) -> None:
        heading = self._groups.get(letter)
        content = self.scroll_area.widget()
        if heading is not None and content is not None:
            top = heading.mapTo(content, heading.rect().topLeft()).y()
            self.scroll_area.verticalScrollBar().setValue(top - 16)
            # The keyboard (and a screen reader) goes with the eyes (review finding 7).
            heading.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_term(self, term_id: str) -> None:
        card = self._cards.get(term_id)
        if card is not None:
            self.scroll_area.ensureWidgetVisible(card, 0, 40)
