"""The `follow_ups` plugin module: notifications' scheduled sweep (`manage.py send_reminders` and the
every-five-minutes task) asks each app for the follow-up emails due now."""

from .services import follow_ups_send_due


def send_due_follow_ups(*, now) -> int:
    """Queue the follow-ups of answered requests (30 and 90 days) and of seminar feedback (90 days)."""
    return follow_ups_send_due(now=now)
