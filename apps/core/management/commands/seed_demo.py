import os

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from apps.core.plugins import app_modules

DEFAULT_DEMO_PASSWORD = "knowledge-mobilisation"


class Command(BaseCommand):
    help = (
        "Create demo content for every app and one account per role (<role>@demo.example). "
        "Safe to run again: it changes nothing the second time."
    )

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        with transaction.atomic():
            for module in app_modules("demo"):
                module.seed(password=password, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready. Sign in with any of:"))
        from apps.accounts.demo import DEMO_ROLES, DEMO_STAFF_GROUPS, totp_uri

        for role in DEMO_ROLES:
            role_name = f"  (staff: {DEMO_STAFF_GROUPS[role]})" if role in DEMO_STAFF_GROUPS else ""
            self.stdout.write(f"  {role}@demo.example{role_name}")
        shown = password if password == DEFAULT_DEMO_PASSWORD else "(the value of DEMO_PASSWORD)"
        self.stdout.write(f"  password: {shown}")
        self.stdout.write(
            "Staff accounts also ask for a 6-digit code. Add this secret to an authenticator app "
            "(one entry serves every demo staff account):"
        )
        self.stdout.write(f"  TOTP secret (DEMO_TOTP_SECRET): {settings.DEMO_TOTP_SECRET}")
        self.stdout.write(f"  or scan/open: {totp_uri('staff@demo.example')}")
