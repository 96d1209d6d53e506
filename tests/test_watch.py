"""cartguide --watch: an educator saves a file and sees the change at once, on the same page;
a mistake shows on screen with file:line, and the guide keeps running on what is valid."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel

from cartguide import resources
from cartguide.app import open_guide
from cartguide.content import markup
from cartguide.ui import theme
from tests.conftest import dispose, visible_text
from tests.fakes import FakeSpeaker


def test_edits_show_at_once_and_mistakes_show_on_screen(qtbot, styled_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "content"
    shutil.copytree(resources.content_root(), root)
    window = open_guide(styled_app, content=root, speaker=FakeSpeaker(), watch=True)
    window.resize(1280, 860)
    window.show()
    try:
        window.go_to("steps", 2)
        steps_file = root / "en" / "steps.yaml"
        old_title = window.ctx.guide.steps.steps[2].title
        text = steps_file.read_text(encoding="utf-8")
        steps_file.write_text(text.replace(f"title: {old_title}", "title: Made in the lab",
                                           1), encoding="utf-8")
        qtbot.waitUntil(lambda: "Made in the lab" in visible_text(window), timeout=5000)
        assert "Step 3 of 8" in visible_text(window)  # still on the same step
        banner = window.findChild(QLabel, "contentProblems")
        assert not banner.isVisible()

        # A mistake: an unknown key. The banner names file and line; the page stays.
        lines = steps_file.read_text(encoding="utf-8").splitlines()
        number = next(i for i, line in enumerate(lines, 1) if line == "title: How CAR-T "
                      "treatment works")
        lines.insert(number, "colour: blue")
        steps_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        qtbot.waitUntil(lambda: window.findChild(QLabel, "contentProblems").isVisible(),
                        timeout=5000)
        banner = window.findChild(QLabel, "contentProblems")
        assert f"steps.yaml:{number + 1}: colour: unknown key" in banner.text()
        assert "Step 3 of 8" in visible_text(window)

        # Fixed again: the banner goes.
        steps_file.write_text(text, encoding="utf-8")
        qtbot.waitUntil(lambda: not window.findChild(QLabel, "contentProblems").isVisible(),
                        timeout=5000)
        qtbot.waitUntil(lambda: markup.plain(old_title) in visible_text(window), timeout=5000)
        assert "Step 3 of 8" in visible_text(window)
    finally:
        dispose(window)
        theme.apply(QApplication.instance(), theme.View())


def test_a_new_topic_shows_on_home_as_soon_as_it_is_listed(qtbot, styled_app,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path) -> None:
    from tests.test_topic_section import TITLE, TOPIC, TOPIC_ID

    root = tmp_path / "content"
    shutil.copytree(resources.content_root(), root)
    folder = root / "en"
    (folder / "topics").mkdir(exist_ok=True)
    window = open_guide(styled_app, content=root, speaker=FakeSpeaker(), watch=True)
    window.resize(1280, 860)
    window.show()
    try:
        topic = TOPIC.replace("topic-thermometer", "section-home")
        (folder / "topics" / f"{TOPIC_ID}.yaml").write_text(topic, encoding="utf-8")
        order = folder / "sections.yaml"
        order.write_text(order.read_text(encoding="utf-8") + f"  - {TOPIC_ID}\n",
                         encoding="utf-8")
        qtbot.waitUntil(lambda: TITLE in visible_text(window), timeout=5000)
        window.show_section(TOPIC_ID)
        # An edit of the topic file itself shows at once, on the same page.
        path = folder / "topics" / f"{TOPIC_ID}.yaml"
        path.write_text(topic.replace("Keep a thermometer at home", "Have a thermometer ready"),
                        encoding="utf-8")
        qtbot.waitUntil(lambda: "Have a thermometer ready" in visible_text(window),
                        timeout=5000)
        assert window.current_key == TOPIC_ID
    finally:
        dispose(window)
        theme.apply(QApplication.instance(), theme.View())


def test_the_content_folder_deleted_and_made_again_is_watched_again(  # type: ignore[no-untyped-def]
        qtbot, styled_app, tmp_path: Path) -> None:
    """Red-team B11: `rm -rf watchc; cp -r content watchc` left "content folder not found" on
    screen for good. The folder above is watched too, so the guide notices it come back."""
    root = tmp_path / "content"
    shutil.copytree(resources.content_root(), root)
    window = open_guide(styled_app, content=root, speaker=FakeSpeaker(), watch=True)
    window.resize(1280, 860)
    window.show()
    try:
        shutil.rmtree(root)
        qtbot.waitUntil(lambda: window.findChild(QLabel, "contentProblems").isVisible(),
                        timeout=5000)
        shutil.copytree(resources.content_root(), root)
        qtbot.waitUntil(lambda: not window.findChild(QLabel, "contentProblems").isVisible(),
                        timeout=8000)
        # Watched again: an edit after the copy shows too.
        home = root / "en" / "home.yaml"
        old = window.ctx.guide.home.title
        home.write_text(home.read_text(encoding="utf-8").replace(f"title: {old}",
                                                                 "title: Back again", 1),
                        encoding="utf-8")
        qtbot.waitUntil(lambda: "Back again" in visible_text(window), timeout=8000)
    finally:
        dispose(window)
        theme.apply(QApplication.instance(), theme.View())
