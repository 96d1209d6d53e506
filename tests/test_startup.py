"""Start-up does only what the first screen needs; the rest follows once the window is shown.

Each case starts the guide in a fresh interpreter (what is imported depends on what ran
before) and reports which modules it imported before the first paint and after."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from cartguide.app import create_application, open_guide
app = create_application(["t"])
window = open_guide(app, kiosk=True)
window.show(); app.processEvents(); window.grab()
before = sorted(sys.modules)
for _ in range(50):
    app.processEvents()
print("MODULES " + json.dumps({"before": before, "after": sorted(sys.modules)}))
"""


def modules() -> dict[str, list[str]]:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         timeout=120, check=True)
    line = next(x for x in out.stdout.splitlines() if x.startswith("MODULES "))
    found: dict[str, list[str]] = json.loads(line.removeprefix("MODULES "))
    return found


def test_first_paint_needs_neither_qtawesome_nor_printing_nor_the_other_pages() -> None:
    from cartguide.ui.main_window import LATER_MODULES

    before = set(modules()["before"])
    for name in ("qtawesome", "qtpy", "cartguide.printing", "PySide6.QtPrintSupport",
                 # About: its "not yet reviewed" mark is on the first screen of this kiosk
                 *(m for m in LATER_MODULES if m != "cartguide.ui.pages.about")):
        assert name not in before, f"{name} is imported before the first paint"


def test_the_rest_is_imported_once_the_window_is_shown() -> None:
    from cartguide.ui.main_window import LATER_MODULES

    after = set(modules()["after"])
    assert set(LATER_MODULES) <= after, sorted(set(LATER_MODULES) - after)
    assert "qtawesome" not in after  # icons are drawn from its font, never by it
