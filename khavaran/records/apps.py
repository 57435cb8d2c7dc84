from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "khavaran.records"
    label = "records"

    def ready(self) -> None:
        from khavaran.records import citations

        citations.connect_guards()
