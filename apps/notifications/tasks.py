from celery import shared_task

from . import services


@shared_task(name="notifications.send_reminders")
def send_reminders() -> int:
    # The follow-ups ride the same five-minute sweep: they, too, are worked out from what is due now.
    return services.reminders_send_due() + services.follow_ups_send_due()


@shared_task(name="notifications.send_digests")
def send_digests() -> int:
    return services.digests_send_due().queued
