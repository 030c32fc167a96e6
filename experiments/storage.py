"""Storage for uploaded agreement PDFs: outside static/, without any public URL."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateMediaStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT, served only through views that check permission.

    The location is read from the settings on every use (not cached at import), so a test or a
    deployment that changes PRIVATE_MEDIA_ROOT is honoured. `url()` always refuses: there is no
    public address for these files.
    """

    def __init__(self):
        super().__init__()

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
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


private_storage = PrivateMediaStorage()
