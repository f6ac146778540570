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
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        # Each app tells how to sign in to what it seeded (accounts: the logins, password and TOTP secret).
        for module in app_modules("demo"):
            sign_in_help = getattr(module, "sign_in_help", None)
            if sign_in_help is not None:
                sign_in_help(password=password, stdout=self.stdout)
