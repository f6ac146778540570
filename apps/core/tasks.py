from celery import shared_task

from . import services


def _delivery_time_limit() -> int:
    # A backstop: outbox_deliver cuts a send off at its deadline and writes the outcome within this limit,
    # which is strictly shorter than outbox_stuck_after(), so a live send is never recovered and resent.
    return int(services.outbox_delivery_time_limit())


@shared_task(name="core.deliver_outbox_message", time_limit=_delivery_time_limit())
def deliver_outbox_message(*, message_id: int) -> str:
    # A transient failure leaves the row pending with a later next_attempt_at; outbox_dispatch_due
    # retries it then. No countdown task: Redis would redeliver a long-waiting one and send it twice.
    return services.outbox_deliver(message_id=message_id)


# One batch is at most DELIVERY_CHUNK messages, each within its own limit.
@shared_task(name="core.deliver_outbox_messages", time_limit=_delivery_time_limit() * services.DELIVERY_CHUNK)
def deliver_outbox_messages(*, message_ids: list[int]) -> int:
    """Send a handful of messages queued together (a batch of digests or reminders), each claimed alone."""
    return sum(services.outbox_deliver(message_id=message_id) == "sent" for message_id in message_ids)


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


@shared_task(name="core.outbox_purge_old_bodies")
def outbox_purge_old_bodies() -> int:
    return services.outbox_purge_old_bodies()
