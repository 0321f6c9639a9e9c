"""File and process utilities below every domain package.

Atomic writes, the spreadsheet zip-bomb guard, the one-window-per-database
lock and the hand-off of a file from a second launch. They know nothing of the
database or the catalogs, so ``bundle/`` and ``values/`` can use them and stay
independent of ``store/``.
"""
