"""Where the scorm app listens: a deleted package's files go once the deletion is committed."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .archive import remove
from .models import ScormPackage


@receiver(post_delete, sender=ScormPackage, dispatch_uid="scorm_remove_deleted_package_files")
def remove_files(sender, instance, **kwargs):
    key = str(instance.content_key)
    transaction.on_commit(lambda: remove(key))
