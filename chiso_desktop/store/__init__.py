"""The local SQLite store: models, migrations and the session factory."""
