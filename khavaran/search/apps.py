from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "khavaran.search"
    label = "search"
