"""Storage: SQLAlchemy models, the engine, migrations and the repository implementing the core's port."""
