"""Alembic environment: runs on the connection newsfuse hands over (no alembic.ini).

``newsfuse.store.engine.migrate`` puts an open connection (inside its transaction, and
holding the migration lock) in ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context

from newsfuse.store.schema import metadata

# Imported outside an Alembic run (e.g. doctest collection) there is no context.config.
if hasattr(context, "config"):
    context.configure(
        connection=context.config.attributes["connection"],
        target_metadata=metadata,
        render_as_batch=True,  # SQLite changes columns by copying the table
    )
    with context.begin_transaction():
        context.run_migrations()
