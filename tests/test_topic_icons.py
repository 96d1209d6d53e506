"""A topic names the icon on its home tile by meaning (``icon: home``): content, not code. Each
shipped topic has its own icon; an unknown meaning is a content error naming file:line with a
"did you mean", and home still shows the topic, with the generic topic icon."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QWidget

from cartguide import cli
from cartguide.content.model import TOPIC_ICONS
from cartguide.ui.icons import ICONS, icon

SHIPPED = {"at-home": "topic_home", "taking-part": "topic_trial", "support": "topic_support"}


def drawn(meaning: str) -> QImage:
    return icon(meaning).pixmap(QSize(36, 36)).toImage()


def tile_named(window: QWidget, title: str) -> QWidget:
    home = window.page("home")  # type: ignore[attr-defined]
    tiles = [t for t in home.findChildren(QWidget)
             if t.objectName() == "tile" and t.accessibleName() == title and t.isVisible()]
    assert len(tiles) == 1, f"no tile named {title!r} on home"
    return tiles[0]


def badge_image(tile: QWidget) -> QImage:
    """The icon drawn at the top left of a home tile."""
    badges = [lab for lab in tile.findChildren(QLabel)
              if lab.pixmap() is not None and not lab.pixmap().isNull()]
    assert len(badges) == 1
    return badges[0].pixmap().toImage()


def test_each_shipped_topic_shows_its_own_icon(make_window) -> None:  # type: ignore[no-untyped-def]
    for language in ("en", "zh_CN"):
        window = make_window(language=language, kiosk=True, size=(1920, 1080))
        shown = {}
        for topic_id, meaning in SHIPPED.items():
            title = window.ctx.guide.topics[topic_id].title
            image = badge_image(tile_named(window, title))
            assert image == drawn(meaning), (language, topic_id)
            shown[topic_id] = image
        generic = drawn("topic")
        assert all(image != generic for image in shown.values())
        images = list(shown.values())
        assert all(a != b for i, a in enumerate(images) for b in images[i + 1:])


def test_an_unknown_icon_is_an_error_and_the_tile_keeps_the_generic_icon(  # type: ignore[no-untyped-def]
        make_window, content_copy: Path, capsys) -> None:
    topic = content_copy / "topics" / "at-home.yaml"
    lines = topic.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("icon:"))
    lines[line - 1] = "icon: hme\n"
    topic.write_text("".join(lines), encoding="utf-8")

    window = make_window(content=content_copy.parent)
    errors = [i for i in window._issues if i.severity == "error"]
    assert len(errors) == 1, "\n".join(map(str, errors))
    issue = errors[0]
    assert (issue.path.name, issue.line, issue.key) == ("at-home.yaml", line, "icon")
    assert "unknown icon 'hme'" in issue.message and "did you mean 'home'?" in issue.message.lower()

    title = window.ctx.guide.topics["at-home"].title
    assert badge_image(tile_named(window, title)) == drawn("topic")

    assert cli.main(["validate", str(content_copy.parent)]) == 1
    out = capsys.readouterr()
    assert f"at-home.yaml:{line}: icon: unknown icon 'hme'" in out.out + out.err


def test_every_meaning_a_topic_may_name_has_a_drawn_icon(styled_app) -> None:  # type: ignore[no-untyped-def]
    assert {f"topic_{m}" for m in TOPIC_ICONS} == {k for k in ICONS if k.startswith("topic_")}
    generic = drawn("topic")
    for meaning in TOPIC_ICONS:
        image = drawn(f"topic_{meaning}")
        assert not image.isNull() and image != generic, meaning
