"""Frozen entry point of the ``chiso`` CLI: PyInstaller needs a script, not an entry point."""

from __future__ import annotations

import sys

from chiso_desktop.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
