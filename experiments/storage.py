"""Storage for uploaded agreement PDFs: the private storage, without any public URL.

The migrations name `PrivateMediaStorage()`; it hands every call to settings.STORAGES["private"]
(common/storage.py: local disk, or the S3 bucket when configured), looked up on each use, so
the model and its migrations stay the same whichever backend a deployment configures.
"""

from django.core.files.storage import Storage, storages
from django.utils.deconstruct import deconstructible

from common.storage import NO_URL


@deconstructible
class PrivateMediaStorage(Storage):
    @property
    def backend(self) -> Storage:
        return storages["private"]

    def open(self, name, mode="rb"):
        return self.backend.open(name, mode)

    def save(self, name, content, max_length=None):
        return self.backend.save(name, content, max_length=max_length)

    def generate_filename(self, filename):
        return self.backend.generate_filename(filename)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def get_valid_name(self, name):
        return self.backend.get_valid_name(name)

    def delete(self, name):
        return self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def size(self, name):
        return self.backend.size(name)

    def path(self, name):
        return self.backend.path(name)

    def get_modified_time(self, name):
        return self.backend.get_modified_time(name)

    def url(self, name):
        raise ValueError(NO_URL)


private_storage = PrivateMediaStorage()
