from django.core.management.base import BaseCommand

from apps.notifications.services import digests_send_due


class Command(BaseCommand):
    help = (
        "Queue the round-up of everyone who is due one (what the schedule does every hour). Safe to repeat."
    )

    def handle(self, *args, **options):
        run = digests_send_due()
        self.stdout.write(f"Queued {run.queued} digest(s) for {run.users} member(s) due one.")
