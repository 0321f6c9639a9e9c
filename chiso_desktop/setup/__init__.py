"""Setting up an installation: a core operation above the catalogs and the store.

``store/installation.py`` only reads the installation row; creating one installs
catalogs, so it lives here, where it may use both ``catalog/`` and ``store/``.
"""
