"""Alembic environment: always run on a connection the app passes in."""

from __future__ import annotations

from alembic import context

from chiso_desktop.store import exchange_models  # noqa: F401  (registers tables)
from chiso_desktop.store.models import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
