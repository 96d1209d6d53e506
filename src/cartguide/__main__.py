"""Allow ``python -m cartguide``."""

from cartguide.cli import main

raise SystemExit(main())
