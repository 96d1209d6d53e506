"""Orca with its debug log written line by line: run with Debian's /usr/bin/python3 and Orca's
own arguments (tests/realdesk.py ``Orca``).

Orca 43 writes its debug file through Python's buffer and never flushes it, so what it says
reaches the file only in 8 KB lumps, seconds or minutes late (or when it exits). A test that
reads the log while the guide runs needs each line as Orca writes it.
"""

from __future__ import annotations

import runpy
import sys
from typing import Any

from orca import debug  # type: ignore[import-not-found]

_println = debug.println


def _flushed(*args: Any, **kwargs: Any) -> None:
    _println(*args, **kwargs)
    if debug.debugFile is not None:
        debug.debugFile.flush()


debug.println = _flushed
sys.argv = ["orca", *sys.argv[1:]]
runpy.run_path("/usr/bin/orca", run_name="__main__")
