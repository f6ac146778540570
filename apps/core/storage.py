"""Files that must never have a public URL (meeting papers, expense receipts): `STORAGES["private"]`.

They live under PRIVATE_MEDIA_ROOT, beside and not inside MEDIA_ROOT: whatever serves /media/ (the dev
server, a web server) can never reach them by a guessed URL. Only permission-checked views read them.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """A folder with no URL. The folder is read from settings on every use, so tests may point it
    elsewhere with `settings.PRIVATE_MEDIA_ROOT = ...`."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no public URL; link to the permission-checked view instead.")


def private_storage():
    """The private storage, for a FileField's `storage=` (a callable, so migrations name no folder)."""
    return storages["private"]
