"""One folder per file format; each exposes `extract(data, name) -> Extraction`."""
