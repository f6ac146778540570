"""Meeting papers are private files: only the permission-checked view serves them."""

from apps.core.storage import PrivateStorage

private_storage_instance = PrivateStorage("COMMUNITIES_PRIVATE_ROOT")


def private_storage():
    return private_storage_instance
