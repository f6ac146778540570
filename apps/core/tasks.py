from celery import shared_task

from . import services


@shared_task(name="core.deliver_outbox_message")
def deliver_outbox_message(*, message_id: int) -> str:
    # A transient failure leaves the row pending with a later next_attempt_at; outbox_dispatch_due
    # retries it then. No countdown task: Redis would redeliver a long-waiting one and send it twice.
    return services.outbox_deliver(message_id=message_id)


@shared_task(name="core.outbox_dispatch_due")
def outbox_dispatch_due() -> int:
    """Send every pending message whose time has come (first tries lost in transit, and retries)."""
    message_ids = services.outbox_due_ids()
    for message_id in message_ids:
        services.outbox_deliver(message_id=message_id)
    return len(message_ids)


@shared_task(name="core.outbox_recover_stuck")
def outbox_recover_stuck() -> int:
    return services.outbox_recover_stuck()
