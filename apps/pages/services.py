from django.db import transaction

from .enums import PageStatus
from .models import Page


@transaction.atomic
def page_set_status(*, page: Page, status: str) -> Page:
    """Publish a page or take it back to draft. A published page is public at once."""
    page.status = status
    page.full_clean()
    page.save(update_fields=["status", "updated_at"])
    return page


def page_publish(*, page: Page) -> Page:
    return page_set_status(page=page, status=PageStatus.PUBLISHED)


def page_unpublish(*, page: Page) -> Page:
    return page_set_status(page=page, status=PageStatus.DRAFT)
