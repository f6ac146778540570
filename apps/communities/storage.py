"""Meeting papers live outside the public media folder; only a permission-checked view serves them."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """Files under COMMUNITIES_PRIVATE_ROOT (default: a "private-media" folder beside MEDIA_ROOT).

    Beside, not inside, MEDIA_ROOT: whatever serves /media/ (the dev server, a web server) can never
    reach these files by a guessed URL. There is no public URL for them at all.
    """

    @cached_property
    def base_location(self):
        default = os.path.join(os.path.dirname(os.path.normpath(str(settings.MEDIA_ROOT))), "private-media")
        return getattr(settings, "COMMUNITIES_PRIVATE_ROOT", None) or default

    @cached_property
    def location(self):
        return os.path.abspath(self.base_location)

    @cached_property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no public URL; link to the permission-checked view instead.")


private_storage_instance = PrivateStorage()


def private_storage():
    return private_storage_instance
