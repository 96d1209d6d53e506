"""Printed take-aways, read back the way a person (or poppler) reads them: page by page with
pdftotext, rendered to PNG with pdftoppm, sizes with pdfinfo. Both languages, with and without
site settings: the warning signs boxed whole on page 1, the numbers to call (or lines to write
them on), the card at ID-1 size with plain zeros, no heading left at a page's foot, and the
disclaimer line, content version and review date on every page."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtPdf import QPdfDocument

from cartguide import printing
from cartguide.config import Settings
from cartguide.content import GuideLibrary, markup
from cartguide.ui import translator
from cartguide.ui.format import long_date

SETTINGS = Settings(clinic_name="Fujian Test Clinic", contact_phone="0591 1234 5678")
NO_SETTINGS = Settings()
A4_POINTS = (595, 842)
CARD_POINTS = (243, 153)  # as QPdfDocument rounds the exact 242.65 x 153.01 pt


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


def pdftotext_pages(path: Path) -> list[str]:
    """Each page's text as poppler reads it, in reading order."""
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                          text=True, check=True)
    return done.stdout.split("\f")[:-1]


def page_size_mm(path: Path) -> tuple[float, float]:
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    found = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", done.stdout)
    assert found, done.stdout
    return float(found[1]) * 25.4 / 72, float(found[2]) * 25.4 / 72


def render(path: Path, page: int, dpi: int, tmp_path: Path) -> QImage:
    stem = tmp_path / f"{path.stem}-{page}-{dpi}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png",
                    "-singlefile", str(path), str(stem)], check=True)
    image = QImage(str(stem) + ".png")
    assert not image.isNull()
    return image


def ruled_lines(image: QImage, min_fraction: float = 0.25) -> list[int]:
    """Rows holding a long, thin, dark horizontal run: the lines to write on."""
    rows = []
    for y in range(image.height()):
        run = best = 0
        for x in range(image.width()):
            if QColor(image.pixel(x, y)).lightness() < 170:
                run += 1
                best = max(best, run)
            else:
                run = 0
        if best >= image.width() * min_fraction:
            rows.append(y)
    return rows


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


def plain(guide, text: str) -> str:  # type: ignore[no-untyped-def]
    return markup.plain(text, lambda i: t.term if (t := guide.term(i)) else None)


# -- the handout ---------------------------------------------------------------------------------
@pytest.mark.parametrize("settings", [SETTINGS, NO_SETTINGS], ids=["settings", "none"])
def test_handout_opens_with_the_whole_warning_box_and_the_numbers(guide, settings,  # type: ignore[no-untyped-def]
                                                                  tmp_path: Path) -> None:
    path = tmp_path / "handout.pdf"
    pages = printing.write_handout(path, guide, settings=settings)
    sizes, texts = read_pdf(path)
    poppler = pdftotext_pages(path)
    assert len(texts) == len(poppler) == pages > 10
    assert set(sizes) == {A4_POINTS}
    assert_every_page_carries_the_edition(guide, texts)
    call = guide.side_effects.call_now
    first = squash(poppler[0])
    # Every warning sign on page 1, none of them split onto page 2.
    assert squash(plain(guide, call.heading)) in first
    for item in call.items:
        assert squash(plain(guide, item)) in first, item
    second = squash(poppler[1])
    assert squash(plain(guide, call.items[-1])) not in second
    if settings.contact_phone:
        assert squash(settings.contact_phone) in first
        assert "Warningsigns?Callatonce:" + squash(settings.contact_phone) in squash(
            "".join(texts)) or guide.language != "en"
    else:
        label = "Your care team's 24-hour phone:" if guide.language == "en" \
            else "医护团队24小时电话："
        assert squash(label) in first  # with a line to write it on (see the next test)
    if guide.language == "zh_CN":
        assert "急救电话：120" in first
    else:
        assert "your local emergency number" in poppler[0]
    # The sources of the list stand outside the box: no brand names inside it.
    fonts = embedded_fonts(path)
    if guide.language == "zh_CN":
        assert "NotoSansSC-Regular" in fonts and "NotoSansSC-Bold" in fonts
        assert "第1页" in squash(texts[0])
        assert "达到或超过38" in squash("".join(texts))  # digits copy out as digits
    else:
        assert "AtkinsonHyperlegibleNext-Regular" in fonts


def test_the_warning_box_is_drawn_as_a_box_with_a_line_to_write_the_phone_on(  # type: ignore[no-untyped-def]
        guide, tmp_path: Path) -> None:
    path = tmp_path / "handout.pdf"
    printing.write_handout(path, guide, ["warning-signs"], NO_SETTINGS)
    image = render(path, 1, 50, tmp_path)
    border = QColor(printing.URGENT_BORDER)
    # The box's left and right edges: long vertical runs of the border colour.
    columns = [x for x in range(image.width())
               if sum(1 for y in range(image.height())
                      if _near(QColor(image.pixel(x, y)), border)) > image.height() * 0.25]
    assert columns and columns[-1] - columns[0] > image.width() * 0.7
    assert ruled_lines(image, 0.2), "a line to write the 24-hour phone on"


def _near(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 60


def headings(guide) -> set[str]:  # type: ignore[no-untyped-def]
    """Every heading the handout prints (flattened), to look for at a page's foot."""
    found = {squash(plain(guide, s.title)) for s in (guide.steps, guide.story, guide.evaluation,
                                                     guide.side_effects, guide.glossary,
                                                     guide.about)}
    total = len(guide.steps.steps)
    for number, step in enumerate(guide.steps.steps, start=1):
        found.add(squash(printing.tr("Step {0} of {1}").format(number, total) + ":"
                         + plain(guide, step.title)))
    for label in ("Who you will see", "How long it takes", "How to prepare",
                  "What to watch for"):
        found.add(squash(printing.tr(label)))
    for block in (*guide.story.after, *guide.evaluation.checks, *guide.side_effects.effects,
                  *guide.about.sections):
        found.add(squash(plain(guide, block.heading)))
    for event in guide.story.timeline:
        found.add(squash(f"{event.when}:{plain(guide, event.title)}"))
    return found


def test_no_heading_is_left_alone_at_the_foot_of_a_page(guide, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "handout.pdf"
    printing.write_handout(path, guide, settings=SETTINGS)
    known = headings(guide)
    edition = squash(markup.plain(guide.about.disclaimer_line))
    for number, page in enumerate(pdftotext_pages(path)[:-1], start=1):
        lines = [squash(line) for line in page.splitlines() if line.strip()]
        body = [line for line in lines if edition not in line and "Contentversion" not in line
                and "内容版本" not in line and not line.startswith(("Page", "第"))]
        last = body[-1]
        assert not any(last == h or (len(last) > 6 and h.startswith(last)) for h in known), (
            f"page {number} ends with the heading {last!r}")


def test_the_paginator_keeps_headings_with_the_next_part_and_never_splits_a_part(guide) -> None:  # type: ignore[no-untyped-def]
    parts = printing.handout_parts(guide, list(printing.HANDOUT_SECTIONS), SETTINGS)
    laid = printing._lay_out(parts, 510, guide.language)
    pages = printing._paginate(laid, 700)
    for page in pages[:-1]:
        assert not page[-1][0].part.keep_with_next
    for page in pages:
        for item, top in page:
            assert top + item.height <= 700 + 0.01  # nothing runs past the foot (no slivers)
    assert pages[0][2][0].part.box == "urgent"  # title, clinic, then the box


SCREEN_ONLY = {"en": ("Use Next and Back", "The bottom of every screen", "Touch a tile",
                      "Tap ", "Swipe", "one page at a time"),
               "zh_CN": ("点“下一步”", '点"下一步"', "屏幕底部", "点一下", "一页一页")}


def test_no_screen_only_words_in_print(guide, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "handout.pdf"
    printing.write_handout(path, guide, settings=SETTINGS)
    everything = " ".join(pdftotext_pages(path))
    for words in SCREEN_ONLY[guide.language]:
        assert words not in everything, words


def test_screen_only_blocks_are_not_printed(guide) -> None:  # type: ignore[no-untyped-def]
    class ScreenOnly:
        heading = "Swipe left to go on"
        paragraphs = ("Tap the word to hear it.",)
        items = ()
        sources = ()
        show = "screen"

    parts = printing.Parts(guide, printing.Contacts())
    parts.block(ScreenOnly())  # type: ignore[arg-type]
    assert parts.items == []
    ScreenOnly.show = "print"
    parts.block(ScreenOnly())  # type: ignore[arg-type]
    assert "Swipe left" in parts.items[0].html


# -- the wallet card -------------------------------------------------------------------------------
@pytest.mark.parametrize("settings", [SETTINGS, NO_SETTINGS], ids=["settings", "none"])
def test_wallet_card_is_id1_with_what_a_real_card_carries(guide, settings,  # type: ignore[no-untyped-def]
                                                          tmp_path: Path) -> None:
    path = tmp_path / "card.pdf"
    assert printing.write_wallet_card(path, guide, settings) == 2
    width, height = page_size_mm(path)
    assert abs(width - 85.60) < 0.01 and abs(height - 53.98) < 0.01
    assert re.search(rb"/MediaBox \[0 0 242\.6\d+ 153\.01\d+\]", path.read_bytes())
    front, back = pdftotext_pages(path)
    zh = guide.language == "zh_CN"
    for label in (("我接受过CAR-T细胞治疗", "姓名", "回输日期", "临床试验或产品", "治疗中心",
                   "24小时电话", "细胞因子释放综合征", "神经系统", "治疗团队") if zh else
                  ("I have had CAR-T cell therapy", "Name", "Date of infusion",
                   "Trial or product", "Treating centre", "24-hour phone",
                   "cytokine release syndrome (CRS)", "neurological effects",
                   "contact the treating team")):
        assert squash(label) in squash(front), label
    for item in guide.side_effects.call_now.items:
        assert squash(printing._first_sentence(plain(guide, item))) in squash(back)
    if settings.contact_phone:
        assert squash(settings.contact_phone) in squash(front)
        assert squash(settings.contact_phone) in squash(back)
        assert squash(settings.clinic_name) in squash(front)
    assert ("120" in front) if zh else ("your local emergency number" in front)
    _, texts = read_pdf(path)
    assert_every_page_carries_the_edition(guide, texts)
    # Unset values get lines to write on: name, date of infusion, trial (and centre, phone).
    lines = ruled_lines(render(path, 1, 100, tmp_path), 0.3)
    bands = [y for i, y in enumerate(lines) if i == 0 or y - lines[i - 1] > 2]
    assert len(bands) >= (2 if settings.contact_phone else 4)


def test_wallet_card_with_the_patients_details(guide, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    details = printing.PatientDetails(name="Ada Quorn", infusion="12 March 2027",
                                      trial="Claudin 18.2 CAR-T trial")
    path = tmp_path / "card.pdf"
    printing.write_wallet_card(path, guide, SETTINGS, details)
    front = squash(pdftotext_pages(path)[0])
    for value in ("Ada Quorn", "12 March 2027", "Claudin 18.2 CAR-T trial"):
        assert squash(value) in front
    assert "Ada" not in repr(details)


def test_phone_numbers_print_with_a_plain_zero(tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    """Atkinson Hyperlegible's zero is slashed (0 reads as Ø). In the rendered card, the middle
    of each 0 of the phone number is empty paper."""
    library = GuideLibrary()
    guide = library.load("en").guide
    path = tmp_path / "card.pdf"
    printing.write_wallet_card(path, guide, Settings(contact_phone="000 0000"))
    dpi = 600
    image = render(path, 1, dpi, tmp_path)
    done = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
                          capture_output=True, text=True, check=True)
    boxes = [tuple(float(v) for v in m.groups()) for m in re.finditer(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">0000<', done.stdout)]
    assert boxes, done.stdout
    x0, y0, x1, y1 = (v * dpi / 72 for v in boxes[0])
    cell = (x1 - x0) / 4
    for digit in range(4):
        cx, cy = x0 + cell * (digit + 0.5), (y0 + y1) / 2
        centre = [QColor(image.pixel(round(cx + dx), round(cy + dy))).lightness()
                  for dx in (-2, 0, 2) for dy in (-2, 0, 2)]
        assert min(centre) > 200, f"zero {digit + 1} has ink in its middle (a slash)"


def test_sheet_of_cards(guide, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sheet.pdf"
    assert printing.write_wallet_sheet(path, guide, SETTINGS) == 2
    sizes, texts = read_pdf(path)
    assert sizes == [A4_POINTS, A4_POINTS]
    assert squash(texts[0]).count(squash(SETTINGS.contact_phone)) == 10
    front = "I have had CAR-T cell therapy" if guide.language == "en" else "我接受过CAR-T细胞治疗"
    assert squash(texts[0]).count(squash(front)) == 10


# -- the questions sheet and the personal plan ------------------------------------------------
def test_my_questions_sheet_has_lines_that_fit_the_column(guide, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "questions.pdf"
    pages = printing.write_questions(path, guide)
    sizes, texts = read_pdf(path)
    assert len(texts) == pages <= 2 and set(sizes) == {A4_POINTS}
    everything = squash("".join(texts))
    for question in guide.evaluation.questions.items:
        assert squash(plain(guide, question)) in everything
    assert "\u25a1" in "".join(texts)  # a box to tick
    assert "___" not in everything  # lines are drawn, never typed underscores that wrap
    assert_every_page_carries_the_edition(guide, texts)
    image = render(path, 1, 50, tmp_path)
    lines = ruled_lines(image, 0.5)
    assert len(lines) >= 10
    for y in lines[:3]:
        dark = [x for x in range(image.width())
                if QColor(image.pixel(x, y)).lightness() < 170]
        # within the 15 mm margins: the line spans the column and never runs off it
        assert dark[0] >= image.width() * 0.06 and dark[-1] <= image.width() * 0.94


@pytest.mark.parametrize("settings", [SETTINGS, NO_SETTINGS], ids=["settings", "none"])
def test_personal_plan(guide, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    steps = guide.steps.steps
    details = printing.PatientDetails(name="Ada Quorn", collection="3 Feb 2027",
                                      chemotherapy="8-10 Mar 2027", infusion="12 Mar 2027",
                                      stay_near_until="26 Mar 2027",
                                      no_driving_until="26 Mar 2027",
                                      first_check="9 Apr 2027",
                                      steps=(steps[1].id, steps[5].id))
    for chosen in (details, printing.PatientDetails()):
        path = tmp_path / "plan.pdf"
        pages = printing.write_plan(path, guide, settings, chosen)
        assert 2 <= pages <= 4
        poppler = pdftotext_pages(path)
        everything = squash("".join(poppler))
        first = squash(poppler[0])
        for item in guide.side_effects.call_now.items:
            assert squash(plain(guide, item)) in first
        for question in guide.evaluation.questions.items:
            assert squash(plain(guide, question)) in everything
        if chosen is details:
            for value in ("Ada Quorn", "3 Feb 2027", "8-10 Mar 2027", "12 Mar 2027",
                          "26 Mar 2027", "9 Apr 2027"):
                assert squash(value) in first
            assert squash(plain(guide, steps[1].title)) in everything
            assert squash(plain(guide, steps[5].title)) in everything
            assert squash(plain(guide, steps[2].title)) not in everything
        else:
            assert len(ruled_lines(render(path, 1, 50, tmp_path), 0.3)) >= 8


# -- exports are safe --------------------------------------------------------------------------
def cli(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return subprocess.run([sys.executable, "-m", "cartguide", *args], capture_output=True,
                          text=True, timeout=180, **kwargs)


def test_cli_handout_with_chosen_sections(tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    done = cli("handout", "--lang", "zh_CN", "--sections", "steps,warning-signs", "-o",
               str(out))
    assert done.returncode == 0, done.stderr
    assert "(zh_CN)" in done.stdout
    guide = GuideLibrary().load("zh_CN").guide
    _, texts = read_pdf(out)
    everything = squash("".join(texts))
    assert squash(markup.plain(guide.steps.title)) in everything
    assert squash(markup.plain(guide.side_effects.call_now.heading)) in everything
    assert squash(markup.plain(guide.glossary.title)) not in everything
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


def test_cli_refuses_unknown_sections_calmly(tmp_path: Path) -> None:
    done = cli("handout", "--sections", "steps,nope", "-o", str(tmp_path / "x.pdf"))
    assert done.returncode == 1
    assert "Unknown section(s): nope" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.pdf").exists()


def _no_bigger_files_than(limit: int):  # type: ignore[no-untyped-def]
    def limit_size() -> None:
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limit_size


def test_a_full_disk_is_an_error_and_the_old_file_stays(tmp_path: Path) -> None:
    out = tmp_path / "handout.pdf"
    out.write_bytes(b"%PDF-1.4 the old, good file\n%%EOF\n")
    before = out.read_bytes()
    # The disk "fills" after 100 KB (a file-size limit: works without root, like a full disk).
    done = cli("handout", "-o", str(out), preexec_fn=_no_bigger_files_than(100 * 1024))
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "not written" in done.stderr and "Traceback" not in done.stderr
    assert "pages" not in done.stdout
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.pdf"]


@pytest.mark.skipif(sys.platform != "linux", reason="tmpfs")
def test_a_really_full_tmpfs_is_an_error(tmp_path: Path) -> None:
    small = tmp_path / "small"
    small.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=100k", "tmpfs", str(small)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root); the file-size test covers it")
    try:
        done = cli("handout", "-o", str(small / "handout.pdf"))
        assert done.returncode == 1, done.stdout
        assert "not written" in done.stderr
        assert list(small.iterdir()) == []
    finally:
        subprocess.run(["umount", str(small)], check=False)


def test_a_read_only_folder_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        folder.chmod(0o555)  # not root: permissions are enough
    try:
        done = cli("wallet-card", "-o", str(folder / "card.pdf"))
        assert done.returncode == 1, done.stdout
        assert "not written" in done.stderr and "Could not write in" in done.stderr
        assert "Traceback" not in done.stderr and "QPainter" not in done.stderr
        assert not (folder / "card.pdf").exists()
    finally:
        if mounted.returncode == 0:
            subprocess.run(["umount", str(folder)], check=False)
        folder.chmod(0o755)


def test_kill_9_during_an_export_leaves_the_old_file_untouched(tmp_path: Path) -> None:
    out = tmp_path / "handout.pdf"
    assert cli("handout", "--sections", "about", "-o", str(out)).returncode == 0
    good = out.read_bytes()
    import time

    for delay in (0.3, 0.6, 0.9, 1.2):
        process = subprocess.Popen([sys.executable, "-m", "cartguide", "handout", "-o",
                                    str(out)], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.kill()
        process.wait()
        now = out.read_bytes()
        assert now == good or now.rstrip().endswith(b"%%EOF"), f"killed after {delay} s"
        if now != good:  # it had finished: a whole new file
            assert len(read_pdf(out)[1]) > 10
            good = now


@pytest.mark.qt_log_ignore("QPainter::begin")
def test_a_printer_that_cannot_start_is_an_error(guide, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "no" / "such" / "folder.pdf"))
    for document in printing.DOCUMENTS:
        with pytest.raises(printing.PrintError):
            printing.print_to(printer, document, guide, SETTINGS)


def test_fonts_that_cannot_show_the_text_are_an_error(tmp_path: Path, qapp,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    guide = GuideLibrary().load("zh_CN").guide
    assert printing.missing_glyphs("体温 0591", "zh_CN") == ""
    # A broken install: only a Latin font left for Chinese text.
    monkeypatch.setattr(printing, "_families", lambda language: ["Atkinson Hyperlegible Next"])
    assert "体" in printing.missing_glyphs("体温", "zh_CN")
    out = tmp_path / "handout.pdf"
    with pytest.raises(printing.PrintError, match="fonts"):
        printing.write_handout(out, guide, settings=SETTINGS)
    assert list(tmp_path.iterdir()) == []
