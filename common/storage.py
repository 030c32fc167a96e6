"""Private files (agreement PDFs, staged import files): local disk, or an S3 bucket when configured.

Both backends are named in settings.STORAGES ("private" and "import_export"); which one is chosen
depends on AWS_STORAGE_BUCKET_NAME only. Neither has a public address: these files leave the app
only through views that check permissions and stream them from the storage, so a view never
needs to know whether a file lies on a disk or in a bucket.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from storages.backends.s3 import S3Storage

NO_URL = "Private files have no URL; serve them through a permission-checked view."


@deconstructible
class LocalPrivateStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT (the zero-setup default).

    The location is read from the settings on every use (not cached at import), so a test or a
    deployment that changes PRIVATE_MEDIA_ROOT is honoured. `url()` always refuses.
    """

    def __init__(self, **kwargs):
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
        raise ValueError(NO_URL)


@deconstructible
class PrivateS3Storage(S3Storage):
    """The bucket, private: objects are written without a public ACL and `url()` refuses, so
    no signed or unsigned link to a bucket ever reaches a page."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError(NO_URL)
