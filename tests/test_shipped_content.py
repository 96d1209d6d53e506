"""Every shipped content file loads cleanly and every drawing it names can be drawn."""

from __future__ import annotations

import pytest
from PySide6.QtSvg import QSvgRenderer

from cartguide import resources
from cartguide.content import load_guide
from cartguide.content.model import SECTION_FILES

LANGUAGES = resources.available_languages()


def test_english_is_shipped() -> None:
    assert "en" in LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_loads_without_issues(language: str) -> None:
    result = load_guide(resources.content_root() / language,
                        illustrations=resources.illustration_names())
    assert [str(i) for i in result.issues] == []
    guide = result.guide
    for section in SECTION_FILES:
        assert getattr(guide, section) is not None, section
    assert guide.steps is not None and len(guide.steps.steps) >= 8
    assert guide.steps.steps[0].id == "screening"
    assert guide.steps.steps[-1].id == "follow-up"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_illustration_is_drawable_and_described(qapp, language: str) -> None:  # type: ignore[no-untyped-def]
    guide = load_guide(resources.content_root() / language).guide
    used = [s.illustration for s in (guide.home, guide.steps, guide.story, guide.evaluation,
                                     guide.side_effects, guide.glossary, guide.about) if s]
    assert guide.steps is not None
    used += [step.illustration for step in guide.steps.steps]
    used += [t.illustration for _, t in sorted(guide.topics.items()) if t.illustration]
    names = [i.name for i in used]
    assert len(set(names)) == len(used), f"each step, section and topic has its own: {names}"
    for illustration in used:
        assert len(illustration.alt) > 20, illustration.name
        # the file this language shows: its own drawing where it has one
        renderer = QSvgRenderer(str(resources.illustration_path(illustration.name, language)))
        assert renderer.isValid(), illustration.name


def test_drawings_hold_no_text_or_unsupported_features() -> None:
    """The same rules for a language's own drawings (``illustrations/zh_CN/NAME.svg``)."""
    drawings = sorted(resources.illustrations_dir().rglob("*.svg"))
    assert any(svg.parent != resources.illustrations_dir() for svg in drawings)
    for svg in drawings:
        text = svg.read_text(encoding="utf-8")
        assert 'viewBox="0 0 800 500"' in text, f"{svg.name}: canvas"
        for forbidden in ("<text", "<style", "<image", "<script", "<filter", "<mask",
                          "Gradient", "<foreignObject", "href="):
            assert forbidden not in text, f"{svg.name}: {forbidden}"


def test_a_language_drawing_replaces_a_shared_one_the_content_uses() -> None:
    """A drawing in a language folder is shown only in place of a shared drawing of the same
    name that the content names; a misspelt file name would silently never appear."""
    shared = resources.illustration_names()
    for folder in (p for p in resources.illustrations_dir().iterdir() if p.is_dir()):
        assert folder.name in LANGUAGES, f"{folder.name}: no such language"
        guide = load_guide(resources.content_root() / folder.name).guide
        used = {illustration.name for illustration in guide.illustrations()}
        for svg in folder.glob("*.svg"):
            assert svg.stem in shared, f"{folder.name}/{svg.name}: no shared drawing to replace"
            assert svg.stem in used, f"{folder.name}/{svg.name}: the content never shows it"


def test_every_number_in_story_research_has_a_source() -> None:
    guide = load_guide(resources.content_root() / "en").guide
    assert guide.story is not None
    research = [b for b in guide.story.after if b.id == "research"]
    assert research and {"qi-2022", "qi-2025"} <= set(research[0].sources)
    assert all(event.sources == ("seed",) for event in guide.story.timeline)
