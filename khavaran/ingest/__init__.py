"""Ingestion: turning evidence files into Sources with their text (extraction is Django-free)."""
