"""Signed bundle exchange, store side: keys, setup packages, export, import, merge, conflicts.

The container format lives in ``chiso_desktop.bundle``; this package decides
what to trust and writes to the store. Other kinds of signed files (the
Office's corrections and receipts) plug into the importer with
``chiso_desktop.exchange.importer.register_kind``.
"""
