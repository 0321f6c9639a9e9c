"""Signed bundle exchange, store side: keys, setup packages, export, import, merge, conflicts.

The container format lives in ``chiso_desktop.bundle``; this package decides
what to trust and writes to the store. Other kinds of signed files (the
Office's corrections and receipts) come in through the table of handlers
passed to ``chiso_desktop.exchange.importer.import_files`` (the application's:
``chiso_desktop.office.handlers.import_handlers``).
"""
