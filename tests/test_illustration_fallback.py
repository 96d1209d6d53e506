"""A missing or broken drawing shows a calm placeholder and logs a warning; the page still works."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from cartguide import resources
from cartguide.content import Illustration
from cartguide.ui.widgets.illustration import IllustrationView


@pytest.mark.qt_log_ignore("Cannot read file .*step-infusion.svg")
@pytest.mark.parametrize(("content", "words"), [(None, "missing"),
                                                ("<svg><g></svg>", "could not be drawn")])
def test_placeholder_and_warning(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                 caplog: pytest.LogCaptureFixture, content: str | None,
                                 words: str) -> None:
    monkeypatch.setattr(resources, "illustrations_dir", lambda: tmp_path)
    if content is not None:
        (tmp_path / "step-infusion.svg").write_text(content, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="cartguide"):
        view = IllustrationView(Illustration("step-infusion", "A nurse and a patient."))
    qtbot.addWidget(view)
    assert view.is_placeholder
    assert view.accessibleName() == "A nurse and a patient."
    assert any(words in r.getMessage() for r in caplog.records)
    view.resize(400, 250)
    image = view.grab().toImage()
    # The placeholder is drawn: a soft panel with a simple picture sign in the middle.
    from cartguide.ui import theme

    assert image.pixelColor(200, 140) == theme.colour("border")  # the "hills"
    assert image.pixelColor(20, 20) == theme.colour("primary_soft")  # the panel


def test_step_page_still_works_without_its_drawing(window, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import click, visible_text

    monkeypatch.setattr(resources, "illustrations_dir", lambda: tmp_path)  # nothing there
    steps = window.ctx.guide.steps
    click(qtbot, window, steps.title)
    click(qtbot, window, "Start with step 1")
    text = visible_text(window)
    assert "Step 1 of" in text
    views = [v for v in window.findChildren(IllustrationView) if v.isVisible()]
    assert len(views) == 1 and views[0].is_placeholder
