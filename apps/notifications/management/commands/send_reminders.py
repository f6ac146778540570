from django.core.management.base import BaseCommand

from apps.notifications.services import follow_ups_send_due, reminders_send_due


class Command(BaseCommand):
    help = (
        "Queue every reminder and follow-up email that is due now (what the schedule does every five "
        "minutes). Safe to repeat."
    )

    def handle(self, *args, **options):
        queued = reminders_send_due()
        self.stdout.write(f"Queued {queued} reminder(s).")
        follow_ups = follow_ups_send_due()
        self.stdout.write(f"Queued {follow_ups} follow-up email(s).")
