"""The staff area has no content of its own; its pages are checked with the demo staff account."""

from apps.accounts.demo import demo_email


def seed(*, password: str, stdout) -> None:
    """Nothing to seed: the dashboard counts what the other apps' demo content holds."""


def pages_to_check() -> list[tuple[str, str | None]]:
    staff = demo_email("staff")
    return [
        ("/staff/", staff),
        ("/staff/impact/", staff),
        ("/staff/impact/?start=2025-04-01&end=2026-03-31", staff),
        ("/staff/impact/?start=2026-13-01&end=2026-01-01", staff),
        ("/staff/impact/report/", staff),
        ("/staff/readability/", staff),
    ]
