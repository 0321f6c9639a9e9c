"""What the tests share: the CLI runner, the ward builder, bundle and PDF helpers, fixtures.

- ``cli``: run ``chiso`` in-process (:func:`run_cli`, :func:`run`, :func:`ok`);
- ``ward``: an Office and its departments, each a database, built through the CLI;
- ``bundles``: keys, values and hand-made containers for the bundle tests;
- ``pdf``: text and fonts of a PDF;
- ``fixtures``: the pytest fixtures every folder may use (loaded by ``tests/conftest.py``).
"""
