"""Keep the search index in step: pages published, unpublished or moved; staff records saved.

Deleting a page or a staff profile deletes its rows through the foreign key (CASCADE). Wagtail
sends its signals inside the publishing transaction, so the index commits or rolls back with it.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from competencies.signals import staff_imported
from core.signals import demo_data_loaded
from courses.models import CoursePage, LessonPage
from people.models import Office, Position, Province, StaffProfile, User

from . import services


@receiver(page_published, dispatch_uid="search_page_published")
def page_published_(sender, instance, **kwargs):
    # A course's title is shown beside each of its lessons: publishing it refreshes them too.
    services.sync_subtree(instance, refresh=isinstance(instance, CoursePage | LessonPage))


@receiver(page_unpublished, dispatch_uid="search_page_unpublished")
def page_unpublished_(sender, instance, **kwargs):
    services.sync_subtree(instance)


@receiver(post_page_move, dispatch_uid="search_page_moved")
def page_moved(sender, instance, **kwargs):
    services.sync_subtree(instance, refresh=True)


@receiver(post_save, sender=StaffProfile, dispatch_uid="search_staff_saved")
def staff_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        services.index_people(StaffProfile.objects.filter(pk=instance.pk))


@receiver(post_save, sender=User, dispatch_uid="search_user_saved")
def user_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        services.index_people(StaffProfile.objects.filter(user_id=instance.pk))


@receiver(post_save, sender=Position, dispatch_uid="search_position_saved")
@receiver(post_save, sender=Office, dispatch_uid="search_office_saved")
@receiver(post_save, sender=Province, dispatch_uid="search_province_saved")
def place_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        field = {Position: "position", Office: "office", Province: "province"}[sender]
        services.index_people(StaffProfile.objects.filter(**{field: instance}))


@receiver(staff_imported, dispatch_uid="search_staff_imported")
def staff_imported_(sender, job, user_ids, **kwargs):
    # The staff import creates people in bulk (no post_save): index the new people it made.
    services.index_people(StaffProfile.objects.filter(user_id__in=user_ids))


@receiver(demo_data_loaded, dispatch_uid="search_demo_index")
def demo_index(sender, stdout=None, **kwargs):
    """The demo is loaded with plain saves (no publishing signal): index all of it."""
    pages, people = services.rebuild()
    if stdout is not None:
        stdout.write(f"Search index: {pages} pages, {people} people.")
