"""Forms compiled from ui/*.ui by chiso_desktop/gui/build_ui.py (generated; do not edit)."""
