from celery import shared_task

from . import services


@shared_task(name="staff.send_waiting_emails")
def send_waiting_emails() -> int:
    return services.waiting_emails_send().queued
