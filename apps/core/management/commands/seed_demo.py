from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from apps.core.plugins import app_modules


class Command(BaseCommand):
    help = (
        "Create demo content for every app and one account per role (<role>@demo.example). "
        "Safe to run again: it changes nothing the second time."
    )

    def handle(self, *args, **options):
        password = settings.DEMO_PASSWORD
        with transaction.atomic():
            for module in app_modules("demo"):
                module.seed(password=password, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready. Sign in with any of:"))
        for role in ("staff", "facilitator", "link", "rug", "champion"):
            self.stdout.write(f"  {role}@demo.example")
        shown = password if password == settings.DEMO_PASSWORD_DEFAULT else "(the value of DEMO_PASSWORD)"
        self.stdout.write(f"  password: {shown}")
