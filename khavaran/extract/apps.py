from django.apps import AppConfig


class ExtractConfig(AppConfig):
    """The review queue's model; the extraction engine itself needs no Django."""

    name = "khavaran.extract"
    label = "extract"
