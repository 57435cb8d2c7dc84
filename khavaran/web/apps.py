from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "khavaran.web"
    label = "web"
