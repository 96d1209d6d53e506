"""Topic sections and sections.yaml: the loader's side (Qt-free).

A new section is content, not code: ``sections.yaml`` lists home's sections, and any id there
that is not a special section is a topic in ``topics/<id>.yaml``. Mistakes name file:line and
the rest of the guide still loads.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cartguide import resources
from cartguide.content import ContentIssue, LoadResult, compare_languages, load_guide
from tests.conftest import drop_keys, drop_source_fields

TOPIC = """\
title: At home after CAR-T
blurb: Looking after yourself, and when to call.
illustration: {name: section-home, alt: A calm room at home.}
intro:
  - Here is how to look after yourself at home.
blocks:
  - heading: Keep a thermometer at home
    id: thermometer
    paragraphs:
      - Take your temperature twice a day.
    items:
      - Write it down.
    callout: Call your team at once if you have a fever.
    illustration: {name: section-steps, alt: A thermometer on a table.}
    sources: [kite]
  - heading: Only on paper
    id: paper-only
    paragraphs: [Cut out this note and keep it by the phone.]
    show: print
  - heading: Only on screen
    id: screen-only
    paragraphs: [Tap Next to go on.]
    show: screen
quiz:
  heading: Check your understanding
  questions:
    - id: fever
      question: What do you do if you have a fever?
      choices: [Wait and see, Call your team at once]
      answer: 2
      explanation: [A fever can be the first sign of a side effect.]
"""

ORDER = """\
start: steps
sections:
  - story
  - at-home
  - side_effects
  - glossary
"""


def load(folder: Path) -> LoadResult:
    return load_guide(folder, illustrations=resources.illustration_names())


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def only(issues: tuple[ContentIssue, ...] | list[ContentIssue], name: str,
         severity: str = "error") -> ContentIssue:
    found = [i for i in issues if i.path.name == name and i.severity == severity]
    assert len(found) == 1, "\n".join(map(str, issues)) or "nothing reported"
    return found[0]


def test_a_topic_listed_in_sections_yaml_loads(content_copy: Path) -> None:
    shutil.rmtree(content_copy / "topics", ignore_errors=True)  # only this test's topic
    write(content_copy, "topics/at-home.yaml", TOPIC)
    write(content_copy, "sections.yaml", ORDER)
    result = load(content_copy)
    assert [str(i) for i in result.issues] == []
    guide = result.guide
    assert guide.start == "steps"
    assert guide.sections == ("story", "at-home", "side_effects", "glossary")
    assert guide.home_sections == ("steps", "story", "at-home", "side_effects", "glossary")
    topic = guide.topics["at-home"]
    assert guide.section("at-home") is topic and guide.section("story") is guide.story
    assert topic.title == "At home after CAR-T"
    assert topic.illustration is not None and topic.illustration.name == "section-home"
    first, paper, screen = topic.blocks
    assert first.callout == "Call your team at once if you have a fever."
    assert first.illustration is not None and first.illustration.alt.startswith("A thermometer")
    assert first.sources == ("kite",) and first.show == "both"
    assert (first.on_screen, first.on_paper) == (True, True)
    assert (paper.on_screen, paper.on_paper) == (False, True)
    assert (screen.on_screen, screen.on_paper) == (True, False)
    assert topic.quiz is not None and topic.quiz.questions[0].answer == 2
    # What parity compares: the topic, its blocks' ids and home's list.
    assert ("topics/at-home.yaml", "blocks/thermometer") in result.id_lines
    assert ("topics/at-home.yaml", "(topic)/at-home") in result.id_lines
    assert result.id_lines[("sections.yaml", "sections/at-home")] == 4


def test_without_sections_yaml_old_content_keeps_todays_order(content_copy: Path) -> None:
    (content_copy / "sections.yaml").unlink(missing_ok=True)
    result = load(content_copy)
    assert result.errors == ()
    warning = only(result.issues, "sections.yaml", "warning")
    assert "is missing" in warning.message and "usual order" in warning.message
    assert result.guide.home_sections == ("steps", "story", "evaluation", "side_effects",
                                          "glossary", "about")
    assert result.guide.steps is not None and result.guide.glossary is not None


def test_unknown_section_is_an_error_with_line_and_did_you_mean(content_copy: Path) -> None:
    write(content_copy, "topics/at-home.yaml", TOPIC)
    write(content_copy, "sections.yaml", ORDER.replace("  - at-home", "  - at-hom"))
    result = load(content_copy)
    issue = only(result.errors, "sections.yaml")
    assert (issue.line, issue.key) == (4, "sections[1]")
    assert "unknown section 'at-hom'. Did you mean 'at-home'?" in issue.message
    assert "sections.yaml:4: sections[1]:" in str(issue)
    # The rest still loads; the topic that is not listed is reported, not lost.
    assert result.guide.sections == ("story", "side_effects", "glossary")
    assert "not listed in sections.yaml" in only(result.issues, "at-home.yaml",
                                                 "warning").message
    assert result.guide.steps is not None


@pytest.mark.parametrize(
    ("text", "line", "key", "words"),
    [
        pytest.param("start: stpes\nsections: [story]\n", 1, "start",
                     "Did you mean 'steps'?", id="bad-start"),
        pytest.param("sections:\n  - story\n  - story\n", 3, "sections[1]",
                     "listed twice (first on line 2)", id="twice"),
        pytest.param("sections:\n  - story\n  - Side Effects\n", 3, "sections[1]",
                     "is not a section", id="not-an-id"),
        pytest.param("sections:\n  - home\n  - story\n", 2, "sections[0]",
                     "'home' is the page this list is shown on", id="home"),
        pytest.param("start: steps\norder: [story]\nsections: [story]\n", 2, "order",
                     "unknown key", id="unknown-key"),
        pytest.param("start: steps\n", 1, "sections", "required but missing",
                     id="no-list"),
    ],
)
def test_sections_yaml_mistakes(content_copy: Path, text: str, line: int, key: str,
                                words: str) -> None:
    write(content_copy, "sections.yaml", text)
    result = load(content_copy)
    issue = only(result.errors, "sections.yaml")
    assert (issue.line, issue.key) == (line, key), str(issue)
    assert words in issue.message, str(issue)
    assert result.guide.start == "steps"
    assert "story" in result.guide.home_sections


def test_topic_mistakes_name_file_and_line_and_drop_only_the_bad_block(
        content_copy: Path) -> None:
    bad = TOPIC.replace("    show: print", "    show: prnt").replace(
        "  - heading: Only on screen\n    id: screen-only\n    paragraphs: [Tap Next to go on.]",
        "  - heading: Only on screen\n    id: screen-only")
    write(content_copy, "topics/at-home.yaml", bad)
    write(content_copy, "sections.yaml", ORDER)
    result = load(content_copy)
    found = sorted((i.line, i.key, i.message) for i in result.errors
                   if i.path.name == "at-home.yaml")
    assert [(line, key) for line, key, _ in found] == [(19, "blocks[1].show"),
                                                       (20, "blocks[2]")]
    assert "'prnt' is not a place to show a block. Did you mean 'print'?" in found[0][2]
    assert "needs 'paragraphs', 'items' or 'callout'" in found[1][2]
    # A misspelt 'show' is reported and the block shown everywhere; a block without words goes.
    topic = result.guide.topics["at-home"]
    assert [(b.id, b.show) for b in topic.blocks] == [("thermometer", "both"),
                                                      ("paper-only", "both")]
    assert "at-home" in result.guide.sections


def test_a_topic_needs_a_block_and_a_good_file_name(content_copy: Path) -> None:
    write(content_copy, "topics/at-home.yaml", "title: At home\nblurb: Hi.\nblocks: []\n")
    write(content_copy, "topics/At Home.yaml", TOPIC)
    write(content_copy, "topics/story.yaml", TOPIC)
    write(content_copy, "sections.yaml", ORDER)
    result = load(content_copy)
    empty = only(result.errors, "at-home.yaml")
    assert (empty.line, empty.key) == (3, "blocks") and "at least 1" in empty.message
    assert "is not a topic id" in only(result.errors, "At Home.yaml").message
    assert "special section's name" in only(result.errors, "story.yaml").message
    # A topic with errors is left off home; everything else stays.
    assert result.guide.sections == ("story", "side_effects", "glossary")


def test_every_block_may_have_a_callout_illustration_and_show(content_copy: Path) -> None:
    path = content_copy / "side_effects.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\neffects:\n" in text
    path.write_text(text.replace("\neffects:\n", (
        "\neffects:\n"
        "  - id: printed-note\n"
        "    heading: Keep this page\n"
        "    callout: Keep this page by your phone.\n"
        "    illustration: {name: section-steps, alt: A page by a phone.}\n"
        "    show: print\n"), 1), encoding="utf-8")
    result = load(content_copy)
    assert result.errors == ()
    assert result.guide.side_effects is not None
    block = result.guide.side_effects.effects[0]
    assert (block.id, block.show, block.on_screen) == ("printed-note", "print", False)


def test_studies_sources_and_review_fields(content_copy: Path) -> None:
    about = content_copy / "about.yaml"
    text = drop_keys(about.read_text(encoding="utf-8"), "what_changed", "clinical_review",
                     "emergency_number")
    text = drop_source_fields(text, "kite", "url", "checked")
    text = text.replace("\nsources:\n", (
        "\nwhat_changed:\n  - The approval in China is now described.\n"
        "clinical_review:\n  reviewer_role: Oncology nurse educator\n  date: \"2026-11-30\"\n"
        "  content_version: \"1.1\"\n"
        "emergency_number: \"120\"\n"
        "sources:\n"), 1)
    text = text.replace("  - id: kite\n", "  - id: kite\n    url: https://example.invalid/kite\n"
                        "    checked: \"2026-11-29\"\n", 1)
    about.write_text(text, encoding="utf-8")
    story = content_copy / "story.yaml"
    story.write_text(drop_keys(story.read_text(encoding="utf-8"), "studies") + (
        "studies:\n  - heading: Results in groups\n    paragraphs: [22 in 100 people.]\n"
        "    sources: [qi-2025]\n"), encoding="utf-8")
    result = load(content_copy)
    assert [str(i) for i in result.errors] == []
    guide = result.guide
    assert guide.about is not None and guide.story is not None
    assert guide.about.what_changed == ("The approval in China is now described.",)
    review = guide.about.clinical_review
    assert review is not None and (review.reviewer_role, review.date, review.reviewer_name) == (
        "Oncology nurse educator", "2026-11-30", None)
    assert guide.about.emergency_number == "120"
    kite = guide.source("kite")
    assert kite is not None and (kite.url, kite.checked) == ("https://example.invalid/kite",
                                                             "2026-11-29")
    assert guide.story.studies[0].heading == "Results in groups"


def test_parity_reports_a_missing_topic_and_block_with_file_and_line(tmp_path: Path) -> None:
    folders = {}
    for language in ("en", "zh_CN"):
        folder = tmp_path / language
        folder.mkdir()
        write(folder, "sections.yaml", ORDER)
        write(folder, "topics/at-home.yaml", TOPIC)
        folders[language] = folder
    write(folders["zh_CN"], "topics/at-home.yaml",
          TOPIC.replace("id: paper-only", "id: paper-note"))
    write(folders["en"], "topics/money.yaml", TOPIC)
    write(folders["en"], "sections.yaml", ORDER + "  - money\n")
    en, zh = load(folders["en"]), load(folders["zh_CN"])
    found = {(i.path.relative_to(tmp_path).as_posix(), i.line, i.message.split(" has ")[0])
             for i in compare_languages(en, zh, folders["en"], folders["zh_CN"])}
    assert found == {
        ("en/topics/at-home.yaml", 16, "id 'paper-only'"),
        ("zh_CN/topics/at-home.yaml", 16, "id 'paper-note'"),
        ("en/topics/money.yaml", None, "topic 'money'"),
        ("en/sections.yaml", 7, "id 'money'"),
    }


def test_parity_compares_the_numbers_of_each_block(tmp_path: Path) -> None:
    from cartguide.authoring import number_parity, numbers_in

    assert numbers_in("In June 2025, 22% had a fever of 38°C (100.4°F). You may rest.") == \
        numbers_in("2025年6月，22%的人发烧到38℃。")
    folders = {}
    for language in ("en", "zh_CN"):
        folder = tmp_path / language
        folder.mkdir()
        write(folder, "sections.yaml", ORDER)
        folders[language] = folder
    write(folders["en"], "topics/at-home.yaml",
          TOPIC.replace("Take your temperature twice a day.",
                        "Take your temperature 2 times a day for 14 days."))
    write(folders["zh_CN"], "topics/at-home.yaml",
          TOPIC.replace("Take your temperature twice a day.", "每天量2次体温，连续量7天。"))
    en, zh = load(folders["en"]), load(folders["zh_CN"])
    issues = number_parity(en, zh, folders["en"], folders["zh_CN"])
    assert [(i.path.relative_to(tmp_path).as_posix(), i.line, i.severity) for i in issues] == [
        ("zh_CN/topics/at-home.yaml", 7, "warning")]
    assert issues[0].message == ("the numbers in 'thermometer' differ from "
                                 "en/topics/at-home.yaml: en also has 14; zh_CN also has 7. "
                                 "Check the translation.")
