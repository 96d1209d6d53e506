"""Typesetting a careful reader trusts: Chinese words are never split over two lines, no
Chinese paragraph ends with a line of one character, and "CAR-T" never breaks at its hyphen.

The words are checked against jieba, a real segmenter with its own dictionary (a test and
tool dependency: the guide itself reads the word list tools/zh_words.py makes from it)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextLayout

from cartguide.ui import theme
from cartguide.ui.widgets.text import WORD_JOINER, typeset

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import zh_words  # noqa: E402

pytest.importorskip("jieba")

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
WIDTHS = (150, 260, 410, 640)


def breaks(text: str, width: int, families: list[str], px: int = 30) -> list[int]:
    """Where lines start in ``text`` laid out ``width`` px wide (indices into ``text`` with
    its word joiners removed); the first line's 0 is left out."""
    shown = typeset(text)
    font = QFont()
    font.setFamilies(families)
    font.setPixelSize(px)
    starts = line_starts(QTextLayout(shown, font), width)
    return [len(shown[:s].replace(WORD_JOINER, "")) for s in starts[1:]]


def line_starts(layout: QTextLayout, width: int) -> list[int]:
    """Where each line of ``layout`` starts when its lines are ``width`` px wide."""
    layout.beginLayout()
    starts = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append(line.textStart())
    layout.endLayout()
    return starts


def inside_words(text: str) -> set[int]:
    """Positions inside a Chinese word of two or more characters, as jieba cuts ``text``."""
    inside, at = set(), 0
    for word in zh_words.segment(text):
        if len(word) >= 2 and all(_HAN.match(ch) for ch in word):
            inside.update(range(at + 1, at + len(word)))
        at += len(word)
    return inside


def test_the_word_list_is_the_one_jieba_gives_for_the_shipped_text() -> None:
    assert zh_words.main(["--check"]) == 0, "run: python tools/zh_words.py"


def test_no_chinese_line_splits_a_word_or_leaves_one_character(styled_app) -> None:  # type: ignore[no-untyped-def]
    """Every Chinese string the guide ships (pages, glossary, the UI's words), at several
    widths: no line break inside a word jieba finds, and no last line of one character."""
    families = theme.font_families("zh_CN")
    # the UI's templates as the guide fills them in ("回到第{0}步" -> "回到第3步")
    texts = sorted({re.sub(r"\{\d*\}", "3", t) for t in zh_words.shipped_chinese()})
    assert len(texts) > 300
    split, lonely = [], []
    for text in texts:
        inside = inside_words(text)
        for width in WIDTHS:
            starts = breaks(text, width, families)
            split += [(text[max(0, b - 4):b] + "/" + text[b:b + 4], width)
                      for b in starts if b in inside]
            if starts:
                last = [ch for ch in text[starts[-1]:] if _HAN.match(ch) or ch.isalnum()]
                if len(last) == 1:
                    lonely.append((text[-8:], width))
    assert not split, split[:20]
    assert not lonely, lonely[:20]


def shipped_strings(language: str) -> list[str]:
    found: list[str] = []
    for path in sorted((ROOT / "content" / language).rglob("*.yaml")):
        found += list(zh_words.strings(yaml.safe_load(path.read_text(encoding="utf-8"))))
    return found


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_car_t_never_breaks_at_its_hyphen_anywhere(styled_app, language: str) -> None:  # type: ignore[no-untyped-def]
    families = theme.font_families(language)
    texts = [t for t in shipped_strings(language) if "CAR-T" in t]
    assert texts
    for text in texts:
        for width in range(60, 700, 23):
            for b in breaks(text, width, families):
                assert not text[:b].endswith("CAR-"), (width, text)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_label_on_screen_is_typeset_and_named_as_written(make_window, language: str  # type: ignore[no-untyped-def]
                                                                ) -> None:
    """Tile texts, headings, the top bar and footer, dialog words: every label draws its text
    typeset ("CAR-" + joiner + "T"; Chinese words held together) and says it as written."""
    from PySide6.QtWidgets import QLabel

    from cartguide.ui.main_window import SECTIONS
    from cartguide.ui.widgets.text import TextLabel

    window = make_window(language=language)
    seen_car_t = 0
    for key in (*SECTIONS, *window.ctx.guide.topics):
        window.show_section(key)
        for label in window.findChildren(QLabel):
            if not label.isVisible() or isinstance(label, TextLabel):
                continue
            shown = QLabel.text(label)
            written = shown.replace(WORD_JOINER, "")
            if label.textFormat() == Qt.TextFormat.RichText:
                continue
            assert shown == typeset(written), (key, written)
            assert WORD_JOINER not in label.accessibleName(), (key, written)
            assert WORD_JOINER not in label.text()
            seen_car_t += "CAR-T" in written
        assert_buttons_say_their_words_as_written(window, key)
    assert seen_car_t > 3


def assert_buttons_say_their_words_as_written(window, key: str) -> int:  # type: ignore[no-untyped-def]
    """Every visible button (tiles, step chips, bar and dialog buttons, quiz answers): its
    text and its name, as Qt and assistive technology have them, without word joiners."""
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QAbstractButton

    seen = 0
    for button in window.findChildren(QAbstractButton):
        if not button.isVisible():
            continue
        seen += 1
        assert WORD_JOINER not in button.text(), (key, button.text())
        assert WORD_JOINER not in button.accessibleName(), (key, button.accessibleName())
        face = QAccessible.queryAccessibleInterface(button)
        if face is not None:
            said = face.text(QAccessible.Text.Name) + face.text(QAccessible.Text.Description)
            assert WORD_JOINER not in said, (key, said)
    assert seen
    return seen


def off_breaks(label) -> list[str]:  # type: ignore[no-untyped-def]
    """Line breaks of a wrapped label that fall where its typeset text allows none (Qt
    breaks "anywhere" when a joined word is wider than the label: a split word)."""
    from PySide6.QtCore import QTextBoundaryFinder
    from PySide6.QtGui import QTextOption

    shown = label.shown_text()
    layout = QTextLayout(shown, label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    starts = line_starts(layout, label.contentsRect().width())
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, shown)
    off = []
    for start in starts[1:]:
        finder.setPosition(start)
        if not finder.isAtBoundary():
            off.append((shown[:start] + "/" + shown[start:]).replace(WORD_JOINER, ""))
    return off


@pytest.mark.parametrize(("kiosk", "size"), [(True, (1080, 1920)), (False, (720, 1280))],
                         ids=["kiosk", "narrow-window"])
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_wrapped_button_words_split_no_word_at_large_text(make_window, language: str,  # type: ignore[no-untyped-def]
                                                          kiosk: bool, size: tuple[int, int]
                                                          ) -> None:
    """Portrait at 200 %: the words of every tile, step chip (the compact strip's named
    chip too) and quiz answer wrap only where the typesetting lets them; every button is
    named as written."""
    from PySide6.QtWidgets import QAbstractButton, QApplication

    from cartguide.ui.main_window import SECTIONS
    from cartguide.ui.widgets.text import PlainLabel

    window = make_window(kiosk=kiosk, size=size, language=language,
                         view=theme.View(2.0, False, kiosk, language))
    checked, off = 0, []
    for key in (*SECTIONS, *window.ctx.guide.topics):
        window.show_section(key)
        pages = range(len(window.page("steps")._chips)) if key == "steps" else [None]
        for number in pages:
            if number is not None:
                window.page("steps").show_step(number)
            QApplication.processEvents()
            for button in window.findChildren(QAbstractButton):
                for label in button.findChildren(PlainLabel):
                    if label.isVisible() and label.wordWrap():
                        checked += 1
                        off += [(key, piece) for piece in off_breaks(label)]
            assert_buttons_say_their_words_as_written(window, key)
    assert checked > 20
    assert not off, off[:10]


def test_words_broken_by_hand_onto_two_lines_split_no_word() -> None:
    """The listen bar's call button goes onto two lines where the bar is narrow: a Chinese
    name without spaces breaks between words, never inside one or inside "CAR-T"."""
    from cartguide.ui.main_window import two_lines

    texts = sorted({t for t in zh_words.shipped_chinese() if " " not in t and len(t) >= 3}
                   | {"请马上联系医护团队", "CAR-T治疗", "回输CAR-T细胞"})
    split = []
    for text in texts:
        shown = two_lines(text)
        assert shown.replace("\n", "") == text
        if "\n" not in shown:
            continue
        cut = shown.index("\n")
        car_t = [i for i in range(len(text)) if text.startswith("CAR-T", i)]
        if cut in inside_words(text) or any(i < cut < i + 5 for i in car_t):
            split.append(shown.replace("\n", "/"))
    assert not split, split[:20]
    assert two_lines("Warning signs · who to call") == "Warning signs ·\nwho to call"
    assert two_lines("危险信号 · 打给谁") == "危险信号 ·\n打给谁"


# -- on paper ------------------------------------------------------------------------------------
def _squashed(text: str) -> tuple[str, list[int]]:
    """``text`` without white space or word joiners, and where each kept character was."""
    kept = [(i, ch) for i, ch in enumerate(text) if not ch.isspace() and ch != WORD_JOINER]
    return "".join(ch for _i, ch in kept), [i for i, _ch in kept]


def printed_line_starts(paragraph: str, lines: list[str]) -> list[list[int]]:
    """For each place ``paragraph`` is printed as whole lines of ``lines`` (poppler's reading
    order), where its lines after the first start (indices into ``paragraph``)."""
    target, where = _squashed(paragraph)
    found = []
    for i in range(len(lines)):
        if not lines[i] or not target.startswith(lines[i]):
            continue
        text, cuts, j = "", [], i
        while j < len(lines) and len(text) < len(target):
            text += lines[j]
            cuts.append(len(text))
            j += 1
        if text == target:
            found.append([where[c] for c in cuts[:-1]])
    return found


def printed_paragraphs(guide, settings, contacts) -> list[str]:  # type: ignore[no-untyped-def]
    """Every paragraph the handout prints (each block of each part) and its foot's two lines,
    as written."""
    from PySide6.QtGui import QTextDocument

    from cartguide import printing

    found = []
    for part in printing.handout_parts(guide, printing.handout_sections(guide), settings):
        if part.html:
            document = QTextDocument()
            document.setHtml(part.html)
            found += re.split("[\n\u2028]", document.toPlainText().replace("\ufffc", ""))
    edition = printing.Edition.of(guide)
    found += [f"{printing.tr('Warning signs? Call at once:')} {contacts.clinic_phone} · "
              f"{edition.disclaimer}", edition.line()]
    return found


def assert_printed_lines_keep_words(paragraphs: list[str], pages: list[str]) -> int:
    """No line break inside a Chinese word jieba finds, no paragraph whose last line is one
    character, "CAR-T" never broken at its hyphen. Returns how many Chinese paragraphs of
    more than one line were found in print."""
    lines = [_squashed(line.strip().removeprefix("•"))[0]
             for page in pages for line in page.splitlines()]
    split, lonely, checked = [], [], 0
    for paragraph in {p.strip() for p in paragraphs if _HAN.search(p)}:
        inside = inside_words(paragraph)
        for starts in printed_line_starts(paragraph, lines):
            checked += bool(starts)
            split += [paragraph[max(0, b - 4):b] + "/" + paragraph[b:b + 4]
                      for b in starts if b in inside]
            if starts:
                last = [ch for ch in paragraph[starts[-1]:] if _HAN.match(ch) or ch.isalnum()]
                if len(last) == 1:
                    lonely.append(paragraph[-8:])
    assert not split, split[:20]
    assert not lonely, lonely[:20]
    return checked


def assert_copies_as_written(path: Path, words: list[str]) -> None:
    """The joiners leave no trace in the PDF's text: copied or searched, it is as written."""
    from tests.test_printing import pdftotext_pages, read_pdf, squash

    poppler = "".join(pdftotext_pages(path))
    qt = "".join(read_pdf(path)[1])
    for text in (poppler, qt):
        assert WORD_JOINER not in text and "\ufffd" not in text
        for word in words:
            assert squash(word) in squash(text), word


@pytest.fixture
def zh_guide(qapp):  # type: ignore[no-untyped-def]
    from cartguide.content import GuideLibrary
    from cartguide.ui import translator

    library = GuideLibrary()
    translator.install(library.folder("zh_CN"), "zh_CN")
    yield library.load("zh_CN").guide
    translator.install(Path("en"), "en")


def test_printed_chinese_lines_never_split_a_word(zh_guide, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The handout (with a clinic phone: the foot runs over two lines) and the wallet card,
    read back by poppler: "120急救电/话", "医护团/队。", "青/紫" no more."""
    from cartguide import printing
    from cartguide.config import Settings
    from cartguide.emergency import Contacts
    from tests.test_printing import pdftotext_pages

    settings = Settings(clinic_name="福建测试诊所", contact_phone="0591 1234 5678")
    contacts = Contacts.of(zh_guide, settings)
    handout = tmp_path / "handout.pdf"
    printing.write_handout(handout, zh_guide, settings=settings)
    pages = pdftotext_pages(handout)
    checked = assert_printed_lines_keep_words(printed_paragraphs(zh_guide, settings, contacts),
                                              pages)
    assert checked > 40  # the test found the long paragraphs it is about
    assert not any(line.rstrip().endswith("CAR-") for page in pages for line in page.splitlines())
    assert_copies_as_written(handout, ["120急救电话", "医护团队。", "皮肤上出现青紫"])

    card = tmp_path / "card.pdf"
    printing.write_wallet_card(card, zh_guide, settings)
    edition = printing.Edition.of(zh_guide)
    texts = printing._card_texts(zh_guide, contacts, printing.BLANK, edition)
    card_pages = pdftotext_pages(card)
    assert assert_printed_lines_keep_words(texts, card_pages) >= 2
    assert_copies_as_written(card, ["皮肤上出现青紫（瘀青）", "细胞因子释放综合征"])


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_car_t_never_breaks_at_its_hyphen_in_print(qapp, language: str) -> None:  # type: ignore[no-untyped-def]
    """Every shipped string with "CAR-T", laid out as the handout lays out a paragraph, at
    many widths."""
    import html

    from cartguide import printing

    theme.load_fonts()
    texts = sorted({t for t in shipped_strings(language) if "CAR-T" in t})[:40]
    assert texts
    broken = []
    for text in texts:
        for width in range(40, 400, 11):
            document = printing._document(printing.Part(f"<p>{html.escape(text)}</p>"),
                                          width, language)
            document.size()  # laid out
            block = document.begin()
            layout, shown = block.layout(), block.text()
            for n in range(1, layout.lineCount()):
                start = layout.lineAt(n).textStart()
                if shown[:start].replace(WORD_JOINER, "").rstrip().endswith("CAR-"):
                    broken.append((width, text[:40]))
    assert not broken, broken[:10]
