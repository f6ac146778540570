"""Expense receipts live outside the public media folder; only the permission-checked view serves them."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class ReceiptStorage(FileSystemStorage):
    """Files under INVOLVEMENT_PRIVATE_ROOT (default: a "private-media" folder beside MEDIA_ROOT).

    Beside, not inside, MEDIA_ROOT, so whatever serves /media/ can never reach a receipt by a guessed URL.
    """

    @cached_property
    def base_location(self):
        default = os.path.join(os.path.dirname(os.path.normpath(str(settings.MEDIA_ROOT))), "private-media")
        return getattr(settings, "INVOLVEMENT_PRIVATE_ROOT", None) or default

    @cached_property
    def location(self):
        return os.path.abspath(self.base_location)

    @cached_property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Receipts have no public URL; link to the permission-checked view instead.")


receipt_storage_instance = ReceiptStorage()


def receipt_storage():
    return receipt_storage_instance
