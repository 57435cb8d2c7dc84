from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "khavaran.audit"
    label = "audit"
