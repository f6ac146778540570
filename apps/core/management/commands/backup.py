from pathlib import Path

from django.core.management.base import BaseCommand

from apps.core.backups import backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump custom format), the public media folder and the private files "
        "(meeting papers, receipts) into a new dated folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", default="backups", help="Folder to create the dated backup in.")

    def handle(self, *args, **options):
        folder = backup(destination=Path(options["to"]), stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Backup complete: {folder}"))
