"""Private storage for certificate PDFs: outside MEDIA_ROOT, never a URL of its own.

A certificate PDF holds a person's name and an official record, so it must not be reachable as a
plain /media/ file wherever media is served (nor after it is revoked). The files live in the
storage named "certificates" (settings.STORAGES, under PRIVATE_MEDIA_ROOT) and are served only by
the permission-checked download view, which streams them.
"""

from django.core.files.storage import FileSystemStorage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """A file system storage that refuses to make URLs: its files are streamed by a view."""

    def url(self, name):
        raise ValueError("certificate PDFs have no public URL; use the certificates:download view")


def private_storage():
    """The storage of certificate PDFs (a callable, so tests and deployments may swap it)."""
    return storages["certificates"]
