from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "khavaran.accounts"
    label = "accounts"
