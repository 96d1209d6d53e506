"""The model, loader and validator run without Qt: `cartguide validate` needs no display."""

from __future__ import annotations

import subprocess
import sys


def test_content_and_validate_import_no_qt() -> None:
    code = (
        "import sys\n"
        "import cartguide.content, cartguide.cli, cartguide.config, cartguide.resources, "
        "cartguide.logs, cartguide.safe_read\n"
        "status = cartguide.cli.main(['validate'])\n"
        "qt = sorted(m for m in sys.modules\n"
        "            if m.startswith(('PySide6', 'shiboken6', 'qtawesome')))\n"
        "print('QT', qt)\n"
        "sys.exit(status)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "QT []" in done.stdout
