"""Expense receipts are private files: only the permission-checked view serves them."""

from apps.core.storage import PrivateStorage

receipt_storage_instance = PrivateStorage("INVOLVEMENT_PRIVATE_ROOT")


def receipt_storage():
    return receipt_storage_instance
