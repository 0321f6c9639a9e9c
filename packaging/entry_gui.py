"""Frozen entry point of ``chiso-desktop``: PyInstaller needs a script, not an entry point."""

from __future__ import annotations

import sys

from chiso_desktop.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
