"""Test input: a reminder source with a bug, to show it does not stop the other sources."""


def occasions_between(*, start, end):
    raise RuntimeError("A bug in one app's reminders.py")
