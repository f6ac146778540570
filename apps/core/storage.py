"""Files that must never have a public URL (meeting papers, expense receipts).

They live beside, not inside, MEDIA_ROOT: whatever serves /media/ (the dev server, a web server) can
never reach them by a guessed URL. Only permission-checked views read them.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under the folder named by `setting` (default: a "private-media" folder beside MEDIA_ROOT)."""

    def __init__(self, setting: str = "PRIVATE_MEDIA_ROOT"):
        self.setting = setting
        super().__init__()

    @cached_property
    def base_location(self):
        default = os.path.join(os.path.dirname(os.path.normpath(str(settings.MEDIA_ROOT))), "private-media")
        return getattr(settings, self.setting, None) or default

    @cached_property
    def location(self):
        return os.path.abspath(self.base_location)

    @cached_property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no public URL; link to the permission-checked view instead.")
