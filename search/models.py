"""The search index: one row per thing found (a course, a lesson, a person) and language.

Rows are written only by search.services (on publish, unpublish, move, a staff record saved, and
`manage.py rebuild_search_index`); deleting a page or a staff profile deletes its rows (CASCADE).
`tokens` holds the words of the text as segmentation.token_string gives them (" word word "):
PostgreSQL searches it through a GIN index on to_tsvector('simple', tokens) (migration 0002),
other databases by whole-word LIKE. `text` is the plain text the passage shown is cut from.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class Kind(models.TextChoices):
    COURSE = "course", _("Course")
    LESSON = "lesson", _("Lesson")
    PERSON = "person", _("Staff member")


class SearchDocument(models.Model):
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # The language of the text; blank for people (names and places in every language at once).
    language = models.CharField(max_length=8, blank=True)
    page = models.ForeignKey(Page, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    staff_profile = models.ForeignKey(
        "people.StaffProfile", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=255)
    # Where the thing sits: a lesson's course title, a person's position, office and province.
    context = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    title_tokens = models.TextField(blank=True)
    tokens = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="search_one_document_per_page_language"),
            models.UniqueConstraint(fields=["staff_profile"], name="search_one_document_per_person"),
            models.CheckConstraint(
                condition=models.Q(page__isnull=False, staff_profile__isnull=True)
                | models.Q(page__isnull=True, staff_profile__isnull=False),
                name="search_document_names_one_thing",
            ),
        ]
        indexes = [models.Index(fields=["kind", "language"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.language}: {self.title}"
