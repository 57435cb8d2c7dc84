"""Full-text search over sources, excerpts, names and claims: FTS5 or PostgreSQL, one interface."""
