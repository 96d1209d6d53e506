"""Content is text, never markup (kiosk red-team B3): every label shows content, translations
and settings exactly as written. Only our own renderer's glossary links are rich text.

HTML in a label once made Qt read the file an <img> named: /dev/zero aborted the app, a FIFO
hung it, and CSS covered the screen. Those cases run in a child process with a time limit, so a
regression fails the test instead of taking pytest down.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from cartguide.cli import main as cli
from cartguide.ui.widgets.text import TextLabel
from tests.conftest import click

REPO = Path(__file__).resolve().parent.parent


def labels_not_plain(root) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{type(label).__name__} {label.objectName()!r}: {label.text()[:40]!r}"
            for label in root.findChildren(QLabel)
            if not isinstance(label, TextLabel)
            and label.textFormat() != Qt.TextFormat.PlainText]


def test_every_label_on_every_screen_is_plain_text(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A guard for labels added later: each must be PlainLabel (or TextLabel for content)."""
    from cartguide.ui import kiosk as kiosk_module

    window = make_window(kiosk=True, size=(1920, 1080))
    for key in ("home", "steps", "story", "evaluation", "side_effects", "glossary", "about",
                *window.ctx.guide.topics):
        window.show_section(key)
    window.page("steps").show_step(0)
    window.show_term(window.ctx.guide.glossary.terms[0].id)
    window.staff_exit_requested.emit()
    qtbot.waitUntil(lambda: window.findChild(kiosk_module.StaffPinDialog) is not None)
    assert labels_not_plain(window) == []
    # And every rich text label holds only what our renderer writes: escaped text and links.
    for label in window.findChildren(TextLabel):
        if label.textFormat() == Qt.TextFormat.RichText:
            assert "<img" not in label.text() and "<style" not in label.text()


PROBE = textwrap.dedent('''
    import dataclasses, json, os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication, QLabel
    from cartguide import app as cg, config, i18n
    from cartguide.ui import theme
    from cartguide.ui.widgets.text import TextLabel
    from tests.fakes import FakeSpeaker

    payload = sys.argv[1]
    qapp = QApplication([])
    theme.apply(qapp, theme.View(kiosk=True))
    result = cg.load()
    guide = result.guide
    r = dataclasses.replace
    story = guide.story
    guide = r(guide,
              home=r(guide.home, title=payload, app_title=payload),
              story=r(story, title=payload, timeline=tuple(r(e, when=payload)
                                                           for e in story.timeline)),
              about=r(guide.about, disclaimer_line=payload, title=payload),
              glossary=r(guide.glossary, title=payload))
    result = dataclasses.replace(result, guide=guide)
    from cartguide import ui_strings
    braced = payload.replace("{", "{{").replace("}", "}}")  # format() must not see fields
    i18n.use_catalog({s.text: braced + " " + s.text for s in ui_strings.extract()})
    settings = config.Settings(clinic_name=payload, contact_phone=payload)
    window = cg.build_window(result, kiosk=True, settings=settings, speaker=FakeSpeaker())
    window.resize(1920, 1080)
    window.show()
    for key in ("home", "story", "glossary", "about", "side_effects", "steps"):
        window.show_section(key)
        qapp.processEvents()
        window.grab()  # paint it: layout and images happen here
    window.staff_exit_requested.emit()
    qapp.processEvents()
    window.grab()
    shown = [label.text() for label in window.findChildren(QLabel)
             if not isinstance(label, TextLabel)]
    rich = [label.text()[:30] for label in window.findChildren(QLabel)
            if not isinstance(label, TextLabel) and label.textFormat().name != "PlainText"]
    print(json.dumps({"literal": sum(payload in t for t in shown), "rich": rich,
                      "top": window.findChild(QLabel, "appTitle").text()}))
''')


def _limit_memory() -> None:
    """A regression reading /dev/zero must fail this test, not fill the machine's memory."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


@pytest.mark.parametrize("case", ["dev-zero", "fifo", "css-takeover", "remote"])
def test_markup_in_content_translations_and_settings_is_shown_literally(
        tmp_path: Path, case: str) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    payload = {
        "dev-zero": '<img src="/dev/zero">',
        "fifo": f'<img src="{fifo}">',
        "css-takeover": '<style>*{font-size:120px;color:red}</style><table>'
                        + "<tr><td>HACKED</td></tr>" * 40 + "</table>",
        "remote": '<img src="http://127.0.0.1:9/x.png"><a href="file:///">x</a>',
    }[case]
    env = {**os.environ, "PYTHONPATH": str(REPO), "CARTGUIDE_LOG_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", PROBE, payload], capture_output=True,
                          text=True, timeout=90, env=env, cwd=REPO, check=False,
                          preexec_fn=_limit_memory)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["rich"] == []
    assert result["top"] == payload  # the app's name, exactly as written
    assert result["literal"] >= 10  # titles, story dates, footer, dialogs, clinic name ...


@pytest.mark.parametrize(("file", "line_no", "new"), [
    ("home.yaml", None, "title: <img src=\"/dev/zero\">Welcome"),
    ("story.yaml", None, "    when: '<b>2020</b>'"),
    ("about.yaml", None, "disclaimer_line: 'Read <a href=\"file:///\">this</a>.'"),
])
def test_validate_and_lint_flag_markup_with_file_and_line(
        content_copy: Path, capsys: pytest.CaptureFixture[str], file: str,
        line_no: int | None, new: str) -> None:
    path = content_copy / file
    lines = path.read_text(encoding="utf-8").splitlines()
    key = new.strip().split(":", 1)[0]
    index = next(i for i, line in enumerate(lines)
                 if line.strip().startswith(f"{key}:") or line.strip().startswith(f"- {key}:"))
    indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
    lines[index] = indent + new.strip() if not lines[index].strip().startswith("- ") else \
        indent + "- " + new.strip()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cli(["validate", str(content_copy)]) == 1
    out = capsys.readouterr().out
    assert f"{file}:{index + 1}:" in out and "looks like HTML" in out
    assert cli(["lint", str(content_copy)]) == 1
    assert "looks like HTML" in capsys.readouterr().out


def test_ui_catalogs_are_checked_english_included(content_copy: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (content_copy / "ui.yaml").write_text(
        "Home: Home\n"
        "Important information: '<img src=\"/dev/zero\">Important information'\n",
        encoding="utf-8")
    assert cli(["validate", str(content_copy)]) == 1
    out = capsys.readouterr().out
    assert "ui.yaml:2:" in out and "looks like HTML or XML ('<img')" in out
    assert cli(["lint", str(content_copy)]) == 1
    assert "ui.yaml:2:" in capsys.readouterr().out
    # The app does not use that entry: the English words are shown instead.
    from cartguide import ui_strings

    catalog, _issues = ui_strings.load_catalog(content_copy / "ui.yaml")
    assert "Important information" not in catalog and catalog["Home"] == "Home"


def test_less_than_before_a_number_is_fine(content_copy: Path) -> None:
    from cartguide.content import markup

    assert markup.html_like("fever <38 °C, or < 5 days") is None
    assert markup.html_like("a <!-- comment") == "<!--"
    assert markup.html_like("x </b>") == "</b"


def test_a_click_on_a_label_never_selects(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(kiosk=True, size=(1920, 1080))
    click(qtbot, window, window.ctx.guide.glossary.title)
    for label in window.findChildren(TextLabel):
        flags = label.textInteractionFlags()
        assert not flags & Qt.TextInteractionFlag.TextSelectableByMouse
        assert not flags & Qt.TextInteractionFlag.TextSelectableByKeyboard
