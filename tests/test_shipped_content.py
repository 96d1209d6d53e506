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
    assert len({i.name for i in used}) == len(used), "each step and section has its own drawing"
    for illustration in used:
        assert len(illustration.alt) > 20, illustration.name
        renderer = QSvgRenderer(str(resources.illustration_path(illustration.name)))
        assert renderer.isValid(), illustration.name


def test_drawings_hold_no_text_or_unsupported_features() -> None:
    for svg in resources.illustrations_dir().glob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        for forbidden in ("<text", "<style", "<image", "<script", "<filter", "<mask",
                          "Gradient", "<foreignObject", "href="):
            assert forbidden not in text, f"{svg.name}: {forbidden}"


def test_every_number_in_story_research_has_a_source() -> None:
    guide = load_guide(resources.content_root() / "en").guide
    assert guide.story is not None
    research = [b for b in guide.story.after if b.id == "research"]
    assert research and {"qi-2022", "qi-2025"} <= set(research[0].sources)
    assert all(event.sources == ("seed",) for event in guide.story.timeline)
