"""Settings from the environment, URLs and the Django bootstrap used by the CLI."""
