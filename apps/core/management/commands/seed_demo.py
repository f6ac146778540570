from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.core.plugins import app_modules


class Command(BaseCommand):
    help = (
        "Create demo content for every app and one account per role (<role>@demo.example). "
        "Safe to run again: it changes nothing the second time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--i-know-this-is-production",
            action="store_true",
            dest="production_confirmed",
            help="Run even with production settings (it creates accounts with a known password).",
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION and not options["production_confirmed"]:
            raise CommandError(
                "These are production settings: seed_demo would add demo accounts with a known password "
                "to a real portal. If you really mean it, run it again with --i-know-this-is-production."
            )
        password = settings.DEMO_PASSWORD
        with transaction.atomic():
            for module in app_modules("demo"):
                module.seed(password=password, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready. Sign in with any of:"))
        from apps.accounts.demo import DEMO_ROLES, DEMO_STAFF_GROUPS, totp_uri

        for role in DEMO_ROLES:
            role_name = f"  (staff: {DEMO_STAFF_GROUPS[role]})" if role in DEMO_STAFF_GROUPS else ""
            self.stdout.write(f"  {role}@demo.example{role_name}")
        shown = password if password == settings.DEMO_PASSWORD_DEFAULT else "(the value of DEMO_PASSWORD)"
        self.stdout.write(f"  password: {shown}")
        self.stdout.write(
            "Staff accounts also ask for a 6-digit code. Add this secret to an authenticator app "
            "(one entry serves every demo staff account):"
        )
        self.stdout.write(f"  TOTP secret (DEMO_TOTP_SECRET): {settings.DEMO_TOTP_SECRET}")
        self.stdout.write(f"  or scan/open: {totp_uri('staff@demo.example')}")
