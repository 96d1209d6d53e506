"""What Orca says: Orca 43 reads the guide, keyboard only, and its debug log's SPEECH OUTPUT
lines are read back (tests/realdesk.py ``Orca``). The guide runs as its own process on a real X
desktop with the AT-SPI bus; keys go in with xdotool. AT-SPI's SetFocus (tests/atspi_probe.py
``focus``, what Orca's own flat review and mouse review do) only puts the keyboard where a key
is to be pressed, so that a test does not need thirty Tabs to get there.

Two desktops, one Orca each: a window on Openbox (English, then Chinese after Change
language), and a kiosk with no window manager (Chinese, then English). Each must say what a
blind visitor needs to hear:

- a home tile chosen with Space or Enter: the new page's heading;
- Next / Back and Right / Left: the step's heading;
- Text size, High contrast, Change language: the page's heading, and the new text size;
- an answer chosen in the quiz: the verdict and its explanation;
- a glossary word focused: "... link"; Enter: the explanation dialog with its text; closing
  it: the word again (with no window manager too);
- "Are you still there?": the countdown sentence;
- the staff keypad: how many digits are entered, and that a PIN was wrong.

Heard wrong or not at all when this module was written (2026-12-07), and fixed in the guide:
see the report of branch a11y-orca (listed in the tests' own messages where they check it).

Every run that starts Orca must hold ``flock /tmp/cartguide-orca.lock`` (each Orca start ends
every other Orca of the user): ``flock /tmp/cartguide-orca.lock .venv/bin/python -m pytest -q
tests/test_orca_speech.py``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from cartguide.app import load
from cartguide.config import hash_pin
from cartguide.content import markup
from tests.realdesk import REPO, Desktop, Orca, desktop, require, system_python

PROBE = str(REPO / "tests" / "atspi_probe.py")
_ZH = yaml.safe_load((REPO / "content" / "zh_CN" / "ui.yaml").read_text(encoding="utf-8"))

WORDS = {
    "en": {"title": "CAR-T Guide", "start": "Start with step 1", "wrong": "Not quite",
           "text_size": "Text size {0}%", "contrast": "High contrast", "language": "中文",
           "next": "Next", "close": "Close"},
    "zh_CN": {"title": "CAR-T", "start": "从第1步开始", "wrong": "不太对",
              "text_size": "字号 {0}%", "contrast": "高对比度", "language": "English",
              "next": "下一步", "close": "关闭"},
}


class Session:
    """One desktop, one guide, one Orca."""

    def __init__(self, desk: Desktop, orca: Orca, language: str) -> None:
        self.desk = desk
        self.orca = orca
        self.language = language
        self.guides = {lang: load(lang=lang).guide for lang in WORDS}

    @property
    def guide(self) -> Any:
        return self.guides[self.language]

    @property
    def words(self) -> dict[str, str]:
        return WORDS[self.language]

    def tr(self, text: str) -> str:
        """The guide's own words for ``text`` in the language now shown."""
        return text if self.language == "en" else str(_ZH.get(text, text))

    def plain(self, text: str) -> str:
        return markup.plain(text, lambda i: (t.term if (t := self.guide.term(i)) else None))

    def probe(self, *args: str) -> Any:
        return json.loads(system_python(PROBE, list(args), self.desk.env, timeout=60))

    def key(self, key: str) -> int:
        """Press a key; return the log mark from just before it."""
        since = self.orca.mark()
        self.desk.run("xdotool", "key", "--clearmodifiers", key)
        return since

    def focus(self, role: str, name: str) -> None:
        """Put the keyboard on a control, and let Orca finish saying it."""
        since = self.orca.mark()
        self.probe("focus", role, name)
        self.probe("wait-focused", role, name)
        self.orca.wait_said(name, since=since)

    def home(self) -> None:
        self.focus("push button", self.tr("Home"))
        self.hear("space", self.heading(self.guide.home.title))

    def hear(self, key: str, *parts: str, timeout: float = 30) -> list[str]:
        return self.orca.wait_said(*parts, since=self.key(key), timeout=timeout)

    def language_button(self) -> str:
        return f"{self.words['language']} ({self.tr('Change language')})"

    def plain_in(self, language: str, text: str) -> str:
        guide = self.guides[language]
        return markup.plain(text, lambda i: (t.term if (t := guide.term(i)) else None))

    def heading(self, text: str) -> str:
        return f"{self.plain(text)} heading"


def _session(desk: Desktop, log: Path, language: str, *args: str) -> Iterator[Session]:
    guide = desk.start_guide("--lang", language, *args)
    desk.wait_for_window("CAR-T", timeout=60)
    time.sleep(2)  # Orca reads the whole window when it starts: let the guide settle
    orca = Orca(desk, log)
    try:
        orca.wait_started()
        session = Session(desk, orca, language)
        session.probe("wait-focused", "heading", session.plain(session.guide.home.title))
        yield session
        assert guide.poll() is None, f"the guide stopped: {desk.guide_output()[-2000:]}"
    finally:
        orca.stop()


@pytest.fixture(scope="class")
def window(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """English in a window on Openbox."""
    require("orca", "openbox", "/usr/bin/python3")
    log = tmp_path_factory.mktemp("orca") / "window.log"
    with desktop(window_manager=True, accessibility=True) as desk:
        yield from _session(desk, log, "en")


PIN = "2468"


@pytest.fixture(scope="class")
def kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """Chinese on a kiosk with no window manager; a staff PIN; the shortest idle time."""
    require("orca", "/usr/bin/python3")
    folder = tmp_path_factory.mktemp("kiosk")
    config = folder / "site.yaml"
    config.write_text(f"idle_timeout_seconds: 30\nidle_countdown_seconds: 120\n"
                      f"staff_pin_hash: {hash_pin(PIN)}\n", encoding="utf-8")
    config.chmod(0o600)
    with desktop(accessibility=True) as desk:
        yield from _session(desk, folder / "kiosk.log", "zh_CN", "--kiosk", "--config",
                            str(config))


def walk_sections_and_steps(s: Session) -> None:
    steps = s.guide.steps
    s.focus("push button", s.plain(steps.title))
    s.hear("space", s.heading(steps.title))  # a tile chosen with Space
    s.focus("push button", s.words["start"])
    s.hear("Return", s.heading(steps.steps[0].title))  # and with Enter (audit #19)
    s.hear("Right", s.heading(steps.steps[1].title))
    s.hear("Left", s.heading(steps.steps[0].title))
    s.focus("push button", s.tr("Next: step {0}").format(2))
    s.hear("Return", s.heading(steps.steps[1].title))
    s.focus("push button", s.tr("Back to step {0}").format(1))
    s.hear("space", s.heading(steps.steps[0].title))
    s.focus("push button", s.tr("Home"))
    s.hear("Return", s.heading(s.guide.home.title))


def answer_wrong(s: Session) -> None:
    steps = s.guide.steps
    quiz = steps.quiz
    s.focus("push button", s.plain(steps.title))
    s.hear("space", s.heading(steps.title))
    s.focus("page tab", s.tr("Go to the questions: {0}").format(s.plain(quiz.heading)))
    s.hear("space", s.heading(quiz.heading))
    first = quiz.questions[0]
    wrong = next(c for i, c in enumerate(first.choices, 1) if i != first.answer)
    s.focus("radio button", s.plain(wrong))
    right = s.plain(first.choices[first.answer - 1])
    # The verdict, the right answer and the explanation, in one go.
    heard = s.hear("space", s.words["wrong"], right)
    s.orca.wait_said(s.plain(first.explanation[0]), since=len(s.orca.text()) - 20000)
    assert heard
    s.home()


def open_and_close_a_word(s: Session, close_key: str) -> None:
    """Tab from the first tile to the first glossary word, open it with Enter, close it."""
    first = next(o for o in s.probe("tree")["objects"]
                 if o["role"] == "link" and "showing" in o["states"])
    word = first["name"]
    s.focus("push button", s.plain(s.guide.steps.title))
    since = s.orca.mark()
    for _ in range(6):  # the first link is a few Tabs on
        s.key("Tab")
        try:
            s.orca.wait_said(f"{word} link", since=since, timeout=3)
            break
        except AssertionError:
            continue
    s.orca.wait_said(f"{word} link", since=since, timeout=10)
    since = s.key("Return")
    heard = s.orca.wait_said("dialog", since=since)
    said = next(u for u in heard if "dialog" in u)
    terms = [t for t in s.guide.glossary.terms if s.plain(t.term) in said]
    assert terms, said
    # The dialog's name, then its text.
    s.orca.wait_said(s.plain(terms[0].definition[0])[:30], since=since)
    s.hear(close_key, f"{word} link")  # back on the word that opened it
    assert heard


#: How long a reader waits, after Text size, High contrast or Change language, for the page's
#: heading: longer than this and the guide seems to have stopped (audit #2, issue 14 item 1).
#: Measured 0.5-0.6 s (3.8-4.7 s with every page built ahead, see MainWindow._build_ahead).
VIEW_CHANGE_SECONDS = 3.0


def timed_hear(s: Session, key: str, *parts: str) -> float:
    """Press ``key``; wait (up to 20 s, to measure) until Orca says ``parts``; return the
    seconds from the key to the first utterance that holds them all."""
    since = s.key(key)
    pressed = time.monotonic()
    s.orca.wait_said(*parts, since=since, timeout=20)
    return time.monotonic() - pressed


def change_the_view(s: Session) -> None:
    """On the walkthrough's overview: Text size, High contrast, Change language, each followed
    by the page's heading (focus goes there after the window rebuilds), then back again."""
    steps = s.guide.steps
    s.focus("push button", s.plain(steps.title))
    s.hear("space", s.heading(steps.title))
    took: dict[str, float] = {}
    for now, scale in ((100, 150), (150, 200), (200, 100)):  # round to where it started
        s.focus("push button", s.words["text_size"].format(now))
        took[f"text size {scale}%"] = timed_hear(s, "space", s.heading(s.guide.steps.title))
    for on in ("on", "off"):
        s.focus("check box", s.words["contrast"])
        took[f"high contrast {on}"] = timed_hear(s, "space", s.heading(s.guide.steps.title))
    start = s.language
    other = next(lang for lang in WORDS if lang != start)
    for language in (other, start):
        s.focus("push button", s.language_button())
        s.language = language
        took[f"language {language}"] = timed_hear(s, "space", s.heading(s.guide.steps.title))
    s.home()
    print(f"seconds from the key to the heading: { {w: round(t, 2) for w, t in took.items()} }")
    slow = {what: round(t, 1) for what, t in took.items() if t > VIEW_CHANGE_SECONDS}
    assert not slow, (f"Orca said the heading more than {VIEW_CHANGE_SECONDS} s after: {slow} "
                      f"(all, s: { {w: round(t, 1) for w, t in took.items()} })")


class TestWindow:
    """English, in a window on Openbox."""

    def test_window_sections_and_steps_speak_their_headings(self, window: Session) -> None:
        walk_sections_and_steps(window)


    def test_window_quiz_verdict_is_spoken(self, window: Session) -> None:
        answer_wrong(window)


    def test_window_words_are_links_and_their_dialog_gives_the_word_back(
            self, window: Session) -> None:
        open_and_close_a_word(window, "Escape")


    def test_window_text_size_contrast_and_language_speak_the_heading(
            self, window: Session) -> None:
        change_the_view(window)


class TestKiosk:
    """Chinese, on a kiosk with no window manager (after TestWindow: one Orca at a time)."""

    def test_kiosk_sections_and_steps_speak_their_headings(self, kiosk: Session) -> None:
        walk_sections_and_steps(kiosk)


    def test_kiosk_quiz_verdict_is_spoken(self, kiosk: Session) -> None:
        answer_wrong(kiosk)


    def test_kiosk_words_dialog_gives_the_word_back_without_a_window_manager(
            self, kiosk: Session) -> None:
        open_and_close_a_word(kiosk, "Escape")  # closes a dialog on a kiosk too (issue 14)


    def test_kiosk_text_size_contrast_and_language_speak_the_heading(
            self, kiosk: Session) -> None:
        change_the_view(kiosk)


    def test_kiosk_staff_keypad_speaks_digits_and_a_wrong_pin(self, kiosk: Session) -> None:
        title = kiosk.guide.home.app_title
        # The application is named by the guide's title in the language shown (this kiosk: zh).
        x, y, w, h = (int(v) for v in system_python(
            str(REPO / "tests" / "atspi_find.py"), [title, title], kiosk.desk.env).split())
        before = kiosk.probe("focused")
        since = kiosk.orca.mark()
        kiosk.desk.run("xdotool", "mousemove", str(x + w // 2), str(y + h // 2), "mousedown", "1")
        try:
            kiosk.orca.wait_said(kiosk.tr("Staff sign-in"), since=since)  # held for 3 s
        finally:
            kiosk.desk.run("xdotool", "mouseup", "1")
        kiosk.focus("push button", "1")
        for count in (1, 2):  # each digit: how many are entered now (audit #20)
            kiosk.hear("space", kiosk.tr("Digits entered: {0}").format(count))
        kiosk.focus("push button", kiosk.tr("OK"))
        kiosk.hear("space", kiosk.tr("That PIN is not right."))  # not just "Cancel push button"
        kiosk.focus("push button", kiosk.tr("Cancel"))
        kiosk.hear("space", before["name"])  # back in the guide, where the keyboard was


    def test_kiosk_are_you_still_there_speaks_the_countdown(self, kiosk: Session) -> None:
        """Last: it waits for the kiosk's idle time (30 s, the shortest allowed), away from the
        fresh home page (where nothing is asked: there is nothing to forget)."""
        steps = kiosk.guide.steps
        kiosk.focus("push button", kiosk.plain(steps.title))
        kiosk.hear("space", kiosk.heading(steps.title))
        since = kiosk.orca.mark()
        sentence = kiosk.tr("The guide will start over in {0} seconds, so the next person sees a "
                            "fresh start. Nothing you looked at is kept.").split("{0}")[0]
        kiosk.orca.wait_said(kiosk.tr("Are you still there?"), since=since, timeout=90)
        kiosk.orca.wait_said(sentence, since=since)
        kiosk.hear("space", "heading")  # "Yes, I am still here" has the focus: back to the page
