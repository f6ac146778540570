from django.apps import AppConfig


class BrokeringConfig(AppConfig):
    name = "apps.brokering"
    label = "brokering"
    verbose_name = "Ask the knowledge brokers"
