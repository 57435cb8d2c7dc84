"""The one way a public copy fails."""


class NoPublicCopy(ValueError):
    """The file cannot be cleaned safely: a format this package does not clean, bytes that do
    not parse as the format claimed, or content that cleaning would have to change."""
