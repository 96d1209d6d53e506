"""Render every screen of the guide to PNG files, offscreen, for looking at what we built.

Usage: python tools/screenshots.py [OUT_DIR] [--size 1280x860] [--lang en] [--kiosk]
       [--content DIR] [--config SITE.yaml] [--scale 2.0] [--contrast] [--full] [--dialogs]
       [--only home,step-1,...]

Every topic section (topics/<id>.yaml, in home's order) is shot as ``topic-<id>.png``; story
and side effects are shot again with 'What the studies found' opened (``*-studies.png``).
``--dialogs`` also captures the word explanation (and a word inside it), "Warning signs · who
to call", the Finish question, "Are you still there?" and the staff PIN keypad (kiosk) and, in a
window, the outline and Print: each over its dimmed page, as a person sees it. The side effects
quiz is shot answered wrong and right, and the glossary after a tap on its last index letter.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from cartguide import app as cartguide_app
from cartguide.ui.pages.steps import StepsPage
from cartguide.ui.widgets.studies import StudiesPart


def settle(app: QApplication) -> None:
    for _ in range(4):
        app.processEvents()


def screen_with_dialogs(window: QWidget) -> QPixmap:
    """The window as a person sees it: with any open dialog drawn where it is."""
    picture = window.grab()
    with QPainter(picture) as painter:
        for dialog in window.findChildren(QDialog):
            if dialog.isVisible():
                at = dialog.mapToGlobal(QPoint(0, 0)) - window.mapToGlobal(QPoint(0, 0))
                painter.drawPixmap(at, dialog.grab())
    return picture


def close_dialogs(window: QWidget) -> None:
    for dialog in window.findChildren(QDialog):
        if dialog.isVisible():
            dialog.reject()


def quiz_answered(page: QWidget, shot: Callable[[str], None]) -> None:
    """A page's quiz: its first question answered wrong, then (again) right."""
    from cartguide.ui.widgets.quiz import QuestionView

    views = page.findChildren(QuestionView)
    if not views:
        return
    first = views[0]
    wrong = next(i for i in range(1, len(first.choices) + 1) if i != first._question.answer)
    first.choices[wrong - 1].click()
    page.scroll_area.ensureWidgetVisible(first.verdict, 0, 200)  # type: ignore[attr-defined]
    shot("side_effects-quiz-wrong")
    first.choices[first._question.answer - 1].click()
    page.scroll_area.ensureWidgetVisible(first.verdict, 0, 200)  # type: ignore[attr-defined]
    shot("side_effects-quiz-right")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?", default="out/screens", type=Path)
    parser.add_argument("--size", default="1280x860")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--kiosk", action="store_true")
    parser.add_argument("--full", action="store_true", help="grab whole scrolled pages too")
    parser.add_argument("--scale", type=float, default=1.0, help="text size: 1.0, 1.5 or 2.0")
    parser.add_argument("--contrast", action="store_true", help="the high-contrast palette")
    parser.add_argument("--content", type=Path, default=None, help="another content folder")
    parser.add_argument("--config", type=Path, default=None, help="site settings file")
    parser.add_argument("--dialogs", action="store_true", help="capture the dialogs too")
    parser.add_argument("--only", default="", help="comma-separated screen names to capture")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    only = {name for name in args.only.split(",") if name}
    args.out.mkdir(parents=True, exist_ok=True)
    app = cartguide_app.create_application()
    settings = None
    if args.config is not None:
        from cartguide import config

        loaded = config.load_settings(args.config)
        for issue in loaded.issues:
            print(f"settings: {issue}")
        settings = loaded.settings
    window = cartguide_app.open_guide(app, lang=args.lang, kiosk=args.kiosk,
                                      text_scale=args.scale, high_contrast=args.contrast,
                                      content=args.content, settings=settings)
    window.resize(width, height)
    window.show()
    settle(app)

    def shot(name: str) -> None:
        if only and name not in only:
            return
        settle(app)
        path = args.out / f"{name}.png"
        screen_with_dialogs(window).save(str(path))
        if args.full:
            page = window.page(window.current_key)
            page.scroll_area.widget().grab().save(str(args.out / f"{name}-full.png"))
        print(path)

    shot("home")
    steps = window.page("steps")
    window.show_section("steps")
    shot("steps-overview")
    if isinstance(steps, StepsPage):
        for i in range(steps.count):
            steps.show_step(i)
            shot(f"step-{i + 1}")
        if steps.quiz_index is not None:
            from cartguide.ui.widgets.quiz import QuestionView

            steps.show_step(steps.quiz_index)
            shot("quiz")
            views = [v for v in steps.findChildren(QuestionView) if v.isVisible()]
            first = views[0]
            wrong = next(i for i in range(1, len(first.choices) + 1)
                         if i != first._question.answer)
            first.choices[wrong - 1].click()
            if len(views) > 1:
                views[1].choices[views[1]._question.answer - 1].click()
            steps.scroll_area.ensureWidgetVisible(first.verdict, 0, 200)
            shot("quiz-answered")
    for key in ("story", "evaluation", "side_effects", "glossary", "about"):
        window.show_section(key)
        shot(key)
        if key == "side_effects":
            quiz_answered(window.page(key), shot)
        if key == "glossary":
            index = getattr(window.page(key), "index_buttons", [])
            if index:
                shot("glossary-index")
                index[-1].click()
                shot("glossary-jumped")
        part = window.page(key).findChild(StudiesPart)
        if part is not None:
            part.toggle.setChecked(True)
            window.page(key).show_widget(part)
            shot(f"{key}-studies")
    for topic_id in window.ctx.guide.topic_order:
        window.show_section(topic_id)
        shot(f"topic-{topic_id}")
    if args.dialogs:
        window.show_section("home")
        terms = window.ctx.guide.glossary.terms if window.ctx.guide.glossary else ()
        if terms:
            window.show_term(terms[0].id)
            shot("dialog-term")
            inner = next((t for t in terms[1:]), None)
            if inner is not None:
                window.show_term(inner.id)  # as a link inside the explanation does
                shot("dialog-term-nested")
            dialog = window.term_dialog
            if dialog is not None:
                dialog.reject()
        window.show_emergency()
        shot("dialog-emergency")
        close_dialogs(window)
        if args.kiosk:
            window.ask_to_finish()
            shot("dialog-finish")
            for dialog in window.findChildren(QDialog):
                dialog.reject()
            from cartguide.ui.idle import StillThereDialog

            still = StillThereDialog(30, window)
            still.start()
            shot("dialog-still-there")
            still.reject()
            import tempfile

            from cartguide.ui.kiosk import StaffLock, StaffPinDialog

            with tempfile.TemporaryDirectory() as folder:
                lock = StaffLock(5, 60, Path(folder) / "lock")
                pin = StaffPinDialog(window.settings, lock, window)
                pin.open()
                for digit in "12":
                    pin.press(digit)
                shot("dialog-pin")
                pin.reject()
        else:
            window.show_outline()
            shot("dialog-outline")
            close_dialogs(window)
            window.show_print_dialog()
            shot("dialog-print")
            close_dialogs(window)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
