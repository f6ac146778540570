from pathlib import Path

from django.core.management.base import BaseCommand

from apps.core.backups import restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder made by `backup` into a fresh database (DATABASE_URL; created if missing, "
        "refused if it has tables) and put the media and private files back."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The backup folder, e.g. backups/iau-portal-2026-12-01-0300.")

    def handle(self, *args, **options):
        restore(source=Path(options["folder"]), stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS("Restore complete. Run `manage.py migrate` if the code is newer.")
        )
