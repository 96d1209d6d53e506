"""A person walks the whole guide using accessible names only, and sees the right things."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QFrame

from cartguide.content import markup
from cartguide.ui.format import long_date
from cartguide.ui.widgets.illustration import IllustrationView
from tests.conftest import buttons_named, click, visible_text


def plain(window, text: str) -> str:  # type: ignore[no-untyped-def]
    return markup.plain(text, window.ctx.term_name)


def shown(window) -> str:  # type: ignore[no-untyped-def]
    return visible_text(window)


def top_bar(window) -> QFrame:  # type: ignore[no-untyped-def]
    bar = window.findChild(QFrame, "topBar")
    assert bar is not None
    return bar


def visible_illustrations(window) -> list[IllustrationView]:  # type: ignore[no-untyped-def]
    return [v for v in window.findChildren(IllustrationView) if v.isVisible()]


def test_walk_home_every_step_story_evaluation_disclaimer(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    guide = window.ctx.guide
    assert guide.steps is not None and guide.story is not None
    assert guide.evaluation is not None and guide.about is not None

    # Home: welcome and a tile per section.
    assert plain(window, guide.home.title) in shown(window)
    steps_title = plain(window, guide.steps.title)
    click(qtbot, window, steps_title)
    assert window.current_key == "steps"
    assert steps_title in shown(window)

    click(qtbot, window, "Start with step 1")
    count = len(guide.steps.steps)
    assert count >= 8
    for n, step in enumerate(guide.steps.steps, start=1):
        text = shown(window)
        assert f"Step {n} of {count}" in text
        assert plain(window, step.title) in text
        assert plain(window, step.what_happens[0]) in text
        for heading in ("Who you will see", "How long it takes", "How to prepare",
                        "What to watch for"):
            assert heading in text
        assert plain(window, step.who[0]) in text
        assert plain(window, step.watch_for[-1]) in text
        pictures = visible_illustrations(window)
        assert [p.accessibleName() for p in pictures] == [step.illustration.alt]
        assert not pictures[0].is_placeholder
        # The progress strip marks where you are.
        chip = buttons_named(window, f"Go to step {n}: {step.short_title}")
        assert len(chip) == 1 and chip[0].property("current")
        assert window.page("steps").current_chips == chip
        if n < count:
            click(qtbot, window, f"Next: step {n + 1}")
    click(qtbot, window, "Next: check your understanding")
    assert plain(window, guide.steps.quiz.heading) in shown(window)
    click(qtbot, window, "Back to the home page")
    assert window.current_key == "home"

    # The story: one person's experience, as a timeline.
    click(qtbot, window, plain(window, guide.story.title))
    text = shown(window)
    assert "One person's experience" in text
    assert plain(window, guide.story.experience_note) in text
    whens = [event.when for event in guide.story.timeline]
    for when in ("2020", "August 2024", "December 2024", "February 2025"):
        assert when in whens
        assert when in text
    for event in guide.story.timeline:
        assert plain(window, event.title) in text

    # The evaluation: what the team checks, what to bring, questions to ask.
    click(qtbot, window, "Home")
    click(qtbot, window, plain(window, guide.evaluation.title))
    text = shown(window)
    assert plain(window, guide.evaluation.note) in text
    ids = [check.id for check in guide.evaluation.checks]
    for wanted in ("physical-condition", "tumour-burden", "immune-function", "claudin-test",
                   "treatment-history"):
        assert wanted in ids
    for check in guide.evaluation.checks:
        assert plain(window, check.heading) in text
    assert guide.evaluation.questions is not None
    assert plain(window, guide.evaluation.questions.items[0]) in text

    # The disclaimer, one tap away.
    click(qtbot, top_bar(window), "Important information")
    assert window.current_key == "about"
    text = shown(window)
    about = guide.about
    assert plain(window, about.sections[0].heading) in text
    assert f"Content version: {about.content_version}" in text
    assert f"Sources last checked: {long_date(about.review_date, 'en')}" in text
    assert about.sources[0].title in text


def test_side_effects_and_glossary(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    guide = window.ctx.guide
    click(qtbot, window, plain(window, guide.side_effects.title))
    text = shown(window)
    assert plain(window, guide.side_effects.call_now.heading) in text
    assert any("38" in item for item in guide.side_effects.call_now.items)
    for effect in guide.side_effects.effects:
        assert plain(window, effect.heading) in text
    click(qtbot, window, "Home")
    click(qtbot, window, plain(window, guide.glossary.title))
    text = shown(window)
    for term in guide.glossary.terms:
        assert term.term in text


def test_disclaimer_version_and_review_date_on_every_screen(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    about = window.ctx.guide.about
    review = long_date(about.review_date, "en")
    for key in ("home", "steps", "story", "evaluation", "side_effects", "glossary", "about"):
        window.show_section(key)
        text = shown(window)
        assert plain(window, about.disclaimer_line) in text, key
        assert f"Content version {about.content_version} · Sources checked {review}" in text, key
        click(qtbot, top_bar(window), "Important information")
        assert window.current_key == "about", key


def test_back_next_and_progress_strip(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    steps = window.ctx.guide.steps.steps
    click(qtbot, window, plain(window, window.ctx.guide.steps.title))
    click(qtbot, window, f"Go to step 5: {steps[4].short_title}")
    assert f"Step 5 of {len(steps)}" in shown(window)
    click(qtbot, window, "Back to step 4")
    assert plain(window, steps[3].title) in shown(window)
    click(qtbot, window, f"Go to step 1: {steps[0].short_title}")
    click(qtbot, window, "Back to the overview")
    assert "Step 1 of" not in shown(window)
    assert buttons_named(window, "Back")[0].isEnabled() is False
    # Leaving and coming back starts the walkthrough at its overview again.
    click(qtbot, window, "Start with step 1")
    click(qtbot, window, "Home")
    click(qtbot, window, plain(window, window.ctx.guide.steps.title))
    assert "Start with step 1" in [b.accessibleName() for b in window.findChildren(QAbstractButton)
                                   if b.isVisible()]


def test_glossary_link_opens_explanation_in_the_app(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from cartguide.ui.widgets.text import TextLabel

    linked = [label for label in window.findChildren(TextLabel)
              if label.isVisible() and "term:" in label.text()]
    assert linked, "the home page has glossary links"
    href = linked[0].text().split('href="', 1)[1].split('"', 1)[0]
    linked[0].linkActivated.emit(href)
    dialog = window.term_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    term = window.ctx.guide.term(href.removeprefix("term:"))
    assert term is not None
    assert term.term in visible_text(dialog)
    click(qtbot, dialog, "Close")
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_every_control_has_an_accessible_name(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    for key in ("home", "steps", "story", "evaluation", "side_effects", "glossary", "about"):
        window.show_section(key)
        unnamed = [b for b in window.findChildren(QAbstractButton)
                   if b.isVisible() and not b.accessibleName().strip()]
        assert unnamed == [], f"{key}: {[b.text() for b in unnamed]}"
        undescribed = [b.accessibleName() for b in window.findChildren(QAbstractButton)
                       if b.isVisible() and not b.accessibleDescription().strip()]
        assert undescribed == [], key
        pictures = visible_illustrations(window)
        assert pictures and all(p.accessibleName() for p in pictures), key


def test_window_title_follows_the_page(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    guide = window.ctx.guide
    click(qtbot, window, plain(window, guide.story.title))
    assert window.windowTitle().startswith(plain(window, guide.story.title))


def test_many_steps_scroll_in_the_strip_and_the_window_keeps_its_size(  # type: ignore[no-untyped-def]
        make_window, qtbot) -> None:
    """Red-team B13: the strip used to force the window's minimum width (32,767 px)."""
    import dataclasses

    window = make_window(kiosk=True, size=(1366, 768))
    steps = window.ctx.guide.steps
    many = dataclasses.replace(steps, steps=steps.steps * 3)  # 24 chips and the quiz
    window.replace_guide(dataclasses.replace(window.ctx.guide, steps=many), ())
    window.go_to("steps", 20)
    qtbot.wait(50)
    assert window.minimumSizeHint().width() <= 1366
    assert window.width() <= 1366
    page = window.page("steps")
    chip = page._chips[20]
    assert chip.visibleRegion().boundingRect().width() > 0  # the current chip is in view
