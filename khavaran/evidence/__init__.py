"""Evidence: sources with immutable originals, their chain of custody, and excerpts (citations)."""
