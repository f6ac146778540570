from django.core.management.base import BaseCommand

from apps.staff.services import waiting_emails_send


class Command(BaseCommand):
    help = (
        'Queue this week\'s "waiting for you" email for the staff who chose it (what the schedule does on '
        "Monday at 07:30). Safe to repeat: each person gets one a week."
    )

    def handle(self, *args, **options):
        run = waiting_emails_send()
        self.stdout.write(f"Queued {run.queued} email(s); {run.wanted} member(s) of staff chose the email.")
