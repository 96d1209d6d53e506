"""Entry point of the frozen (PyInstaller) app: the same command line as ``cartguide``."""

from cartguide.cli import main

raise SystemExit(main())
