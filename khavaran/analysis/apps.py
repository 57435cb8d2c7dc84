from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "khavaran.analysis"
    label = "analysis"
    verbose_name = "Victim lists and linkage"
