"""A new section is content, not code: an educator writes a topic (YAML) and a drawing (SVG), lists
it in sections.yaml, and it appears on home, on its own page, in the outline, read aloud, in the
print dialog and in the handout. Also: 'What the studies found' (closed until opened), and the
About page's what-changed, clinical review and the kiosk's not-reviewed mark."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from cartguide import cli, config, printing, resources
from cartguide.content import ClinicalReview, GuideLibrary
from cartguide.ui import print_panel
from cartguide.ui.pages.topic import TopicPage
from cartguide.ui.widgets.illustration import IllustrationView
from tests.conftest import (
    buttons_named,
    click,
    drop_keys,
    drop_source_fields,
    visible_text,
)
from tests.fakes import FakeSpeaker
from tests.test_printing import read_pdf, squash

TOPIC_ID = "living-at-home"
TITLE = "Living at home after CAR-T"
TOPIC = f"""\
title: {TITLE}
blurb: Looking after yourself, and when to call.
illustration:
  name: topic-thermometer
  alt: A thermometer on a kitchen table.
intro:
  - When you go home, you and your family keep watch together.
blocks:
  - heading: Keep a thermometer at home
    id: thermometer
    paragraphs:
      - Take your temperature in the morning and in the evening.
    items:
      - Write each one down with the time.
    callout: If you have a fever, call your care team at once.
    sources: [kite]
  - heading: Cut out and keep by the phone
    id: phone-note
    paragraphs:
      - Your team's number goes on this note.
    show: print
  - heading: How to use this page
    id: screen-help
    paragraphs:
      - Scroll down to see every part of this page.
    show: screen
quiz:
  heading: Check your understanding
  questions:
    - id: fever-call
      question: What do you do if you have a fever at home?
      choices:
        - Wait until the next day
        - Call your care team at once
      answer: 2
      explanation:
        - A fever can be the first sign of a side effect that needs care at once.
"""
ORDER = f"""\
start: steps
sections:
  - story
  - {TOPIC_ID}
  - evaluation
  - side_effects
  - glossary
"""
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 500">'
       '<rect width="800" height="500" fill="#EAF2F8"/>'
       '<rect x="360" y="80" width="80" height="340" rx="40" fill="#174E75"/></svg>\n')


@pytest.fixture
def educator_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled content, plus what an educator adds: one topic (YAML), its place in
    sections.yaml, and one drawing (SVG). No code."""
    root = tmp_path / "content"
    shutil.copytree(resources.content_root() / "en", root / "en")
    shutil.rmtree(root / "en" / "topics", ignore_errors=True)  # the educator's topic only
    (root / "en" / "topics").mkdir()
    (root / "en" / "topics" / f"{TOPIC_ID}.yaml").write_text(TOPIC, encoding="utf-8")
    (root / "en" / "sections.yaml").write_text(ORDER, encoding="utf-8")
    drawings = tmp_path / "illustrations"
    shutil.copytree(resources.illustrations_dir(), drawings)
    (drawings / "topic-thermometer.svg").write_text(SVG, encoding="utf-8")
    monkeypatch.setattr(resources, "illustrations_dir", lambda: drawings)
    return root


@pytest.fixture
def open_window(make_window):  # type: ignore[no-untyped-def]
    """conftest's ``make_window``, with a content folder as its first argument."""

    def make(content: Path | None = None, **options):  # type: ignore[no-untyped-def]
        return make_window(content=content, **options)

    return make


def test_the_topic_is_on_home_and_its_page_shows_its_blocks(open_window, qtbot,  # type: ignore[no-untyped-def]
                                                            educator_folder: Path) -> None:
    window = open_window(educator_folder)
    assert [str(i) for i in window._issues if i.severity == "error"] == []
    home = window.page("home")
    tiles = [b.accessibleName() for b in home.findChildren(QWidget)
             if b.objectName() == "tile"]
    story_title = window.ctx.guide.story.title
    assert tiles.index(TITLE) == tiles.index(story_title) + 1  # where sections.yaml put it
    assert home.start_tile.property("start") is True
    assert home.start_tile.accessibleName() == window.ctx.guide.steps.title

    click(qtbot, window, TITLE)
    assert window.current_key == TOPIC_ID
    page = window.page(TOPIC_ID)
    assert isinstance(page, TopicPage) and window.windowTitle().startswith(TITLE)
    shown = visible_text(page)
    for words in ("Keep a thermometer at home", "in the morning and in the evening",
                  "Write each one down", "If you have a fever, call your care team at once.",
                  "Scroll down to see every part", "Sources:"):
        assert words in shown, words
    assert "Cut out and keep by the phone" not in shown  # show: print
    picture = next(v for v in page.findChildren(IllustrationView)
                   if v.accessibleName() == "A thermometer on a kitchen table.")
    assert not picture.is_placeholder and picture.isVisible()
    # The quiz works as everywhere else.
    click(qtbot, page, "Call your care team at once")
    assert "Yes, that is right." in visible_text(page)


def test_the_topic_is_read_aloud_passage_by_passage(open_window, qtbot,  # type: ignore[no-untyped-def]
                                                   educator_folder: Path) -> None:
    speaker = FakeSpeaker()
    window = open_window(educator_folder, speaker=speaker)
    window.show_section(TOPIC_ID)
    click(qtbot, window, "Read aloud")
    for _ in range(60):
        if window.narrator.current is None:
            break
        speaker.finish()
    said = [text for text, _language in speaker.said]
    assert said[0] == TITLE
    assert "If you have a fever, call your care team at once." in said
    assert "Take your temperature in the morning and in the evening." in said
    assert not any("Cut out" in text for text in said)
    assert not any(text.startswith("Sources:") for text in said)


def test_the_topic_is_in_the_outline(open_window, qtbot, educator_folder: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_window(educator_folder)
    click(qtbot, window, "Outline")
    dialog = next(d for d in window.findChildren(print_panel.OutlineDialog) if d.isVisible())
    names = [b.accessibleName() for b in dialog.findChildren(QWidget)
             if b.objectName() == "outlineEntry"]
    assert names.index(TITLE) == names.index(window.ctx.guide.story.title) + 1
    click(qtbot, dialog, TITLE)
    assert window.current_key == TOPIC_ID


def test_the_topic_prints_in_the_handout(open_window, qtbot, educator_folder: Path,  # type: ignore[no-untyped-def]
                                         tmp_path: Path) -> None:
    window = open_window(educator_folder)
    click(qtbot, window, "Print")
    dialog = next(d for d in window.findChildren(print_panel.PrintDialog) if d.isVisible())
    assert buttons_named(dialog, TITLE), "the topic is a part of the handout to choose"
    assert TOPIC_ID in dialog.sections
    dialog.reject()

    out = tmp_path / "topic.pdf"
    code = cli.main(["--content", str(educator_folder), "handout", "-o", str(out),
                     "--lang", "en", "--sections", f"steps,{TOPIC_ID}"])
    assert code == 0
    _sizes, texts = read_pdf(out)
    flat = squash(" ".join(texts))
    for words in (TITLE, "Keep a thermometer at home", "If you have a fever, call your care "
                  "team at once.", "Cut out and keep by the phone", "Check your understanding"):
        if words == "Check your understanding":
            assert squash(words) not in flat  # a quiz is for the screen
        else:
            assert squash(words) in flat, words
    assert squash("Scroll down to see every part") not in flat  # show: screen
    assert flat.index(squash("Step 1 of")) < flat.index(squash(TITLE))
    # The whole handout holds it too, in home's order (after the story).
    guide = GuideLibrary(educator_folder).load("en").guide
    parts = printing.handout_sections(guide)
    assert parts[:4] == ["steps", "story", TOPIC_ID, "evaluation"] and parts[-1] == "about"


def test_an_unknown_handout_section_names_the_topics(educator_folder: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                     capsys: pytest.CaptureFixture[str],
                                                     qapp) -> None:
    code = cli.main(["--content", str(educator_folder), "handout", "-o",
                     str(tmp_path / "x.pdf"), "--lang", "en", "--sections", "living-at-hom"])
    assert code == 1
    err = capsys.readouterr().err
    assert "Unknown section(s): living-at-hom" in err and TOPIC_ID in err


STUDIES = """\
studies:
  - heading: Results in a group of 156 people
    id: group-results
    paragraphs:
      - In the group that had CAR-T, 22 in 100 people had their tumours shrink.
    sources: [qi-2025]
"""


def test_what_the_studies_found_is_closed_until_opened(open_window, qtbot,  # type: ignore[no-untyped-def]
                                                       educator_folder: Path) -> None:
    story = educator_folder / "en" / "story.yaml"
    story.write_text(drop_keys(story.read_text(encoding="utf-8"), "studies") + STUDIES,
                     encoding="utf-8")
    speaker = FakeSpeaker()
    window = open_window(educator_folder, speaker=speaker)
    click(qtbot, window, window.ctx.guide.story.title)
    page = window.page("story")
    assert "What the studies found" in visible_text(page)
    assert "22 in 100 people" not in visible_text(page)
    click(qtbot, window, "Read aloud")
    for _ in range(80):
        if window.narrator.current is None:
            break
        speaker.finish()
    assert not any("22 in 100" in text for text, _ in speaker.said)  # closed: not read
    click(qtbot, page, "Show what the studies found")
    assert "22 in 100 people" in visible_text(page)
    assert buttons_named(page, "Hide what the studies found")
    click(qtbot, page, "Hide what the studies found")
    assert "22 in 100 people" not in visible_text(page)


ABOUT_ADDITIONS = """\
what_changed:
  - The approval in China is now described.
  - New topics for life at home.
"""


def _with_version_notes(folder: Path) -> None:
    about = folder / "en" / "about.yaml"
    text = drop_source_fields(drop_keys(about.read_text(encoding="utf-8"), "what_changed"),
                              "kite", "url", "checked")
    about.write_text(text.replace("\nsources:\n", "\n" + ABOUT_ADDITIONS + "sources:\n", 1)
                     .replace("  - id: kite\n", "  - id: kite\n    url: https://www.kite"
                              "pharma.com/patients\n    checked: \"2026-11-29\"\n", 1),
                     encoding="utf-8")


def test_about_says_what_changed_and_that_no_one_has_signed_it_off(open_window, qtbot,  # type: ignore[no-untyped-def]
                                                                   educator_folder: Path
                                                                   ) -> None:
    _with_version_notes(educator_folder)
    window = open_window(educator_folder)
    click(qtbot, window, "Important information")
    page = window.page("about")
    shown = visible_text(page)
    version = window.ctx.guide.about.content_version
    assert f"What changed in version {version}" in shown
    assert "New topics for life at home." in shown
    assert "has not been signed off by a clinician" in shown
    assert "This clinic has not recorded its own sign-off." in shown
    assert "https://www.kitepharma.com/patients" in shown and "Checked: 29 November 2026" in shown
    # A link or DOI is plain text: nothing opens outside the app.
    assert "href=\"http" not in "".join(lbl.text() for lbl in page.findChildren(QWidget)
                                        if hasattr(lbl, "text") and callable(lbl.text)
                                        and isinstance(lbl.text(), str))
    assert "Not yet reviewed by this clinic" not in visible_text(window)  # not a kiosk


def test_kiosk_marks_content_its_clinic_has_not_signed_off(open_window, qtbot,  # type: ignore[no-untyped-def]
                                                           educator_folder: Path) -> None:
    window = open_window(educator_folder, kiosk=True, size=(1920, 1080))
    footer = window.findChild(QWidget, "footer")
    assert "Not yet reviewed by this clinic" in visible_text(footer)
    click(qtbot, window, "Important information")
    assert "Not yet reviewed by this clinic" in visible_text(window.page("about"))


def test_a_site_sign_off_for_this_version_removes_the_mark(open_window, qtbot,  # type: ignore[no-untyped-def]
                                                           educator_folder: Path,
                                                           tmp_path: Path) -> None:
    version = GuideLibrary(educator_folder).load("en").guide.about.content_version
    site = tmp_path / "site.yaml"
    site.write_text("clinic_name: Test Clinic\nclinical_signoff:\n"
                    "  reviewer_role: Lead oncology nurse\n  reviewer_name: A. Example\n"
                    f"  date: \"2026-11-30\"\n  content_version: \"{version}\"\n",
                    encoding="utf-8")
    loaded = config.load_settings(site)
    assert loaded.issues == ()
    assert loaded.settings.clinical_signoff == ClinicalReview(
        "Lead oncology nurse", "2026-11-30", version, "A. Example")
    window = open_window(educator_folder, kiosk=True, settings=loaded.settings)
    assert "Not yet reviewed by this clinic" not in visible_text(window)
    click(qtbot, window, "Important information")
    shown = visible_text(window.page("about"))
    assert "This clinic signed it off: Lead oncology nurse, A. Example, on 30 November 2026." \
        in shown
    assert "Not yet reviewed by this clinic" not in shown


def test_a_bad_site_sign_off_is_reported_with_its_line(tmp_path: Path) -> None:
    site = tmp_path / "site.yaml"
    site.write_text("clinical_signoff:\n  reviewer_role: Nurse\n  date: 30/11/2026\n"
                    "  content_version: \"1.1\"\n", encoding="utf-8")
    loaded = config.load_settings(site)
    assert loaded.settings.clinical_signoff is None
    assert len(loaded.issues) == 1
    issue = loaded.issues[0]
    assert issue.key == "clinical_signoff" and "line 3: clinical_signoff.date:" in issue.message


def test_the_authoring_guide_example_validates_and_lints_clean(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    """docs/authoring.md's 'Add a topic section' example, copied as an educator would."""
    from cartguide import authoring
    from cartguide.content import load_guide

    docs = (Path(__file__).parents[1] / "docs" / "authoring.md").read_text(encoding="utf-8")
    part = docs.split("## Add a topic section", 1)[1].split("\n## ", 1)[0]
    topic, order = (textwrap.dedent(block) for block in
                    re.findall(r"```yaml\n(.*?)```", part, re.DOTALL))
    folder = tmp_path / "content" / "en"
    shutil.copytree(resources.content_root() / "en", folder)
    shutil.rmtree(folder / "topics", ignore_errors=True)  # the example topic only
    (folder / "topics").mkdir()
    (folder / "topics" / "at-home.yaml").write_text(topic, encoding="utf-8")
    (folder / "sections.yaml").write_text(order, encoding="utf-8")
    drawings = tmp_path / "illustrations"
    shutil.copytree(resources.illustrations_dir(), drawings)
    (drawings / "topic-at-home.svg").write_text(SVG, encoding="utf-8")
    monkeypatch.setattr(resources, "illustrations_dir", lambda: drawings)
    result = load_guide(folder, illustrations=resources.illustration_names())
    assert [str(i) for i in result.issues if i.path.parent.name == "topics"
            or i.path.name == "sections.yaml"] == []
    assert result.guide.topics["at-home"].blocks[1].show == "print"
    assert "at-home" in result.guide.sections
    assert [str(i) for i in authoring.lint(folder)
            if i.path.name == "at-home.yaml"] == []


def test_a_source_line_reads_well_in_both_languages() -> None:
    from cartguide.content import Source
    from cartguide.ui.pages.about import source_line

    english = Source("qi-2024", "Qi and others, 2024", "Nature Medicine.",
                     url="doi:10.1038/s41591-024-03037-z", checked="2026-11-29")
    assert source_line(english, "en") == ("Qi and others, 2024. Nature Medicine. "
                                          "doi:10.1038/s41591-024-03037-z Checked: 29 November "
                                          "2026.")
    chinese = Source("cn-120", "北京市卫生健康委员会", "120急救电话。")
    assert source_line(chinese, "zh_CN") == "北京市卫生健康委员会。120急救电话。"


def test_how_to_use_the_screen_is_said_on_screen_and_never_printed(open_window, qtbot,  # type: ignore[no-untyped-def]
                                                                   tmp_path: Path) -> None:
    window = open_window()
    click(qtbot, window, window.ctx.guide.steps.title)
    # The nurse's window is clicked, and its Next and Back are at the bottom of the window.
    words = ("Click a step to open it. Next and Back at the bottom of the window move between "
             "the steps.")
    assert words in visible_text(window.page("steps"))
    out = tmp_path / "steps.pdf"
    printing.write_handout(out, window.ctx.guide, ["steps"])
    _sizes, texts = read_pdf(out)
    assert squash("Step 1 of") in squash(" ".join(texts))
    assert "Next and Back" not in " ".join(texts)
    assert not any("Next and Back" in t for s in window.ctx.guide.steps.intro for t in [s])
