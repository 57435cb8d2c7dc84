from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "khavaran.evidence"
    label = "evidence"
