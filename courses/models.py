"""The course tree (catalogue > course > module > lesson) and each learner's place in it.

Pages hold content, translated field by field; Enrolment and LessonProgress hold a
learner's progress and attach to the one course page whatever language it is read in.
The completion rule is in completion.py; writes go through services.py.
"""

import copy

from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from .blocks import LessonStreamBlock
from .caching import get_many_or_build
from .restrictions import CachedViewRestrictionsMixin


class Tier(models.TextChoices):
    SELF_PACED = "self_paced", _("Self-paced online course")
    TRAINING_OF_TRAINERS = "tot", _("Training of trainers")
    PROVINCIAL = "provincial", _("Provincial session")
    WEBINAR = "webinar", _("Thematic webinar")


class CatalogPage(CachedViewRestrictionsMixin, Page):
    """The list of courses, and the root from which the course tree is served."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CoursePage"]
    template = "courses/catalog_page.html"

    class Meta:
        verbose_name = _("course catalogue")

    def route(self, request, path_components):
        # The page types fix the tree's shape (course > module > lesson), so the number of path
        # segments names the model: one query resolves the whole path by its url_path, instead of
        # Wagtail's one query per segment plus one for the specific page.
        from .restrictions import SNAPSHOT_PARTS, load_snapshot

        if not path_components and self.live:
            # The catalogue itself: a copy (this one may be the shared cached Site's root page)
            # that carries the privacy snapshot read in this request's round trip.
            page = copy.copy(self)
            page._restriction_snapshot = get_many_or_build(request, {"snapshot": (SNAPSHOT_PARTS, load_snapshot)})[
                "snapshot"
            ]
            return RouteResult(page)
        model = {1: CoursePage, 2: ModulePage, 3: LessonPage}.get(len(path_components))
        if model is None:
            return super().route(request, path_components)
        # The page itself is kept in the shared cache under the tree's version (courses.caching),
        # read in one round trip with the privacy snapshot (or from the process's memory, under
        # the same versioned key): any save, publish, unpublish or move of a page bumps the
        # version, in every process.
        url_path = self.url_path + "/".join(path_components) + "/"
        depth = self.depth + len(path_components)

        def find():
            page = model.objects.live().filter(depth=depth, url_path=url_path).first()
            if page is None:
                raise Http404  # not stored: a made-up path must not take room in the shared cache
            return page

        found = get_many_or_build(
            request,
            {"page": (("route", model._meta.label_lower, url_path), find), "snapshot": (SNAPSHOT_PARTS, load_snapshot)},
        )
        page = copy.copy(found["page"])  # the cached one is shared between requests: keep it unchanged
        page._restriction_snapshot = found["snapshot"]
        return RouteResult(page)

    def serve(self, request, *args, **kwargs):
        from .views import catalog_response

        return catalog_response(request, self)


class CoursePage(CachedViewRestrictionsMixin, Page):
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices, default=Tier.SELF_PACED)
    duration_hours = models.DecimalField(_("duration in hours"), max_digits=5, decimal_places=1, default=1)
    languages = models.JSONField(
        _("languages available"),
        default=list,
        blank=True,
        help_text=_("Language codes in which the course is fully translated, for example km, lo, en."),
    )
    summary = models.TextField(_("summary"), blank=True)
    learning_outcomes = RichTextField(_("learning outcomes"), blank=True, features=["ul", "ol", "bold", "italic"])

    content_panels = Page.content_panels + [
        FieldPanel("tier"),
        FieldPanel("duration_hours"),
        FieldPanel("summary"),
        FieldPanel("learning_outcomes"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["courses.CatalogPage"]
    subpage_types = ["courses.ModulePage"]
    template = "courses/course_page.html"

    class Meta:
        verbose_name = _("course")

    @property
    def is_self_paced(self):
        return self.tier == Tier.SELF_PACED

    def serve(self, request, *args, **kwargs):
        from .views import course_response

        return course_response(request, self)


class ModulePage(CachedViewRestrictionsMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]
    template = "courses/module_page.html"

    class Meta:
        verbose_name = _("module")

    def serve(self, request, *args, **kwargs):
        from .views import module_response

        return module_response(request, self)


class LessonPage(CachedViewRestrictionsMixin, Page):
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), default=10)
    body = StreamField(LessonStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("duration_minutes"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["courses.ModulePage"]
    subpage_types = []
    template = "courses/lesson_page.html"

    class Meta:
        verbose_name = _("lesson")

    # Blocks whose activity records the lesson's completion itself (a SCORM package reports
    # completed/passed): such a lesson has no "Mark as complete", so it cannot be skipped.
    SELF_COMPLETING_BLOCKS = frozenset({"scorm"})

    @property
    def completes_itself(self):
        """Whether an activity in the body completes this lesson (read from the raw stream: no parsing)."""
        raw = getattr(self.body_en, "raw_data", None) or getattr(self.body, "raw_data", None) or []
        return any(block.get("type") in self.SELF_COMPLETING_BLOCKS for block in raw)

    def serve(self, request, *args, **kwargs):
        from .views import lesson_response

        return lesson_response(request, self)


class Enrolment(models.Model):
    """A learner's membership of one course, whichever tier brought them to it."""

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="enrolments")
    enrolled_at = models.DateTimeField(_("enrolled"), auto_now_add=True)
    last_lesson = models.ForeignKey(LessonPage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    last_activity_at = models.DateTimeField(_("last activity"), auto_now=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["learner", "course"], name="one_enrolment_per_course")]
        indexes = [models.Index(fields=["course", "completed_at"])]

    def __str__(self):
        return f"{self.learner} – {self.course}"

    @property
    def is_completed(self):
        return self.completed_at is not None


class LessonProgress(models.Model):
    """One lesson marked complete by one enrolled learner."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(_("completed"), auto_now_add=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="one_progress_per_lesson")]

    def __str__(self):
        return f"{self.enrolment} – {self.lesson_id}"
