"""Printed take-aways: right page size and count, fonts embedded, text selectable in both
languages, and the disclaimer line, content version and review date on every page."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtPdf import QPdfDocument

from cartguide import printing
from cartguide.config import Settings
from cartguide.content import GuideLibrary, markup
from cartguide.ui import translator
from cartguide.ui.format import long_date

SETTINGS = Settings(clinic_name="Fujian Test Clinic", contact_phone="0591 1234 5678")
A4_POINTS = (595, 842)
CARD_POINTS = (round(85.6 / 25.4 * 72), round(53.98 / 25.4 * 72))  # 243 x 153


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read_pdf(path: Path) -> tuple[list[tuple[int, int]], list[str]]:
    document = QPdfDocument()
    document.load(str(path))
    sizes = [(round(document.pagePointSize(i).width()), round(document.pagePointSize(i).height()))
             for i in range(document.pageCount())]
    texts = [document.getAllText(i).text() for i in range(document.pageCount())]
    document.close()
    return sizes, texts


def embedded_fonts(path: Path) -> set[str]:
    raw = path.read_bytes()
    assert raw.count(b"/FontFile2") >= 1, "fonts are embedded"
    return {name.decode().split("+")[-1] for name in re.findall(rb"/BaseFont\s*/([\w+-]+)", raw)}


@pytest.fixture(params=["en", "zh_CN"])
def guide(request, qapp):  # type: ignore[no-untyped-def]
    library = GuideLibrary()
    translator.install(library.folder(request.param), request.param)
    yield library.load(request.param).guide
    translator.install(Path("en"), "en")


def assert_every_page_carries_the_edition(guide, texts: list[str]) -> None:  # type: ignore[no-untyped-def]
    about = guide.about
    for number, text in enumerate(texts, start=1):
        flat = squash(text)
        assert squash(markup.plain(about.disclaimer_line)) in flat, f"page {number}"
        assert squash(about.content_version) in flat, f"page {number}"
        assert squash(long_date(about.review_date, guide.language)) in flat, f"page {number}"


def test_full_handout(guide, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "handout.pdf"
    pages = printing.write_handout(path, guide, settings=SETTINGS)
    sizes, texts = read_pdf(path)
    assert len(texts) == pages > 10
    assert set(sizes) == {A4_POINTS}
    assert_every_page_carries_the_edition(guide, texts)
    everything = squash("".join(texts))
    for step in guide.steps.steps:
        assert squash(markup.plain(step.title)) in everything
    assert squash(markup.plain(guide.story.experience_note)) in everything
    assert squash(markup.plain(guide.side_effects.call_now.items[0])) in everything
    assert squash(SETTINGS.contact_phone) in everything
    fonts = embedded_fonts(path)
    if guide.language == "zh_CN":
        assert "NotoSansSC-Regular" in fonts and "NotoSansSC-Bold" in fonts
        assert "第1页" in squash(texts[0])
        assert "（100.4°F）" in everything  # digits copy out as digits, not glyph codes
    else:
        assert "AtkinsonHyperlegibleNext-Regular" in fonts


def test_wallet_card_at_id1_size(guide, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "card.pdf"
    assert printing.write_wallet_card(path, guide, SETTINGS) == 2
    sizes, texts = read_pdf(path)
    assert sizes == [CARD_POINTS, CARD_POINTS]
    assert squash(SETTINGS.contact_phone) in squash(texts[0])
    back = squash(texts[1])
    for item in guide.side_effects.call_now.items:
        assert squash(printing._first_sentence(markup.plain(item))) in back
    assert_every_page_carries_the_edition(guide, texts)
    embedded_fonts(path)


def test_sheet_of_cards(guide, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sheet.pdf"
    assert printing.write_wallet_sheet(path, guide, SETTINGS) == 2
    sizes, texts = read_pdf(path)
    assert sizes == [A4_POINTS, A4_POINTS]
    assert squash(texts[0]).count(squash(SETTINGS.contact_phone)) == 10


def test_my_questions_sheet(guide, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "questions.pdf"
    pages = printing.write_questions(path, guide)
    sizes, texts = read_pdf(path)
    assert len(texts) == pages and set(sizes) == {A4_POINTS}
    everything = squash("".join(texts))
    for question in guide.evaluation.questions.items:
        assert squash(markup.plain(question)) in everything
    assert "\u2610" in "".join(texts)  # a box to tick
    assert_every_page_carries_the_edition(guide, texts)


def test_cli_handout_with_chosen_sections(tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    done = subprocess.run([sys.executable, "-m", "cartguide", "handout", "--lang", "zh_CN",
                           "--sections", "steps,warning-signs", "-o", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "(zh_CN)" in done.stdout
    library = GuideLibrary()
    guide = library.load("zh_CN").guide
    _, texts = read_pdf(out)
    everything = squash("".join(texts))
    assert squash(markup.plain(guide.steps.title)) in everything
    assert squash(markup.plain(guide.side_effects.call_now.heading)) in everything
    assert squash(markup.plain(guide.glossary.title)) not in everything


def test_cli_refuses_unknown_sections_calmly(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "cartguide", "handout", "--sections",
                           "steps,nope", "-o", str(tmp_path / "x.pdf")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Unknown section(s): nope" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.pdf").exists()
