"""Admin editing of banks, questions and quizzes (snippets), and the quiz section on course pages.

The choosers of banks, categories and questions show where each one belongs (bank, category,
course) and search every language of the text: three courses each have their "Core questions",
and the same stem may sit in two banks.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core import cache as shared

from .caching import course_quizzes, learner_grades
from .interop import hooks as interop_hooks  # noqa: F401  (question import and export)
from .models import Category, Question, QuestionBank, Quiz, QuizGrade, Regrade
from .policies import QuestionPolicy, QuizAttemptPolicy, QuizPolicy


@hooks.register("register_permission_policy")
def register_policies():
    return [QuizPolicy(), QuizAttemptPolicy(), QuestionPolicy()]


def _course_title(bank):
    return bank.course.title if bank is not None and bank.course_id else ""


class TextSearchForm(BaseFilterForm):
    """The chooser's search box: words anywhere in the listed fields, in any language.

    Plain `icontains` rather than the search index: Khmer and Lao are written without spaces
    between words, so a word is found inside a longer run of text.
    """

    search_fields = ()
    q = forms.CharField(
        label=_("Search term"), required=False, widget=forms.TextInput(attrs={"placeholder": _("Search")})
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = " ".join((self.cleaned_data.get("q") or "").split())
        if query:
            condition = Q()
            for name in self.search_fields:
                condition |= Q(**{f"{name}__icontains": query})
            objects = objects.filter(condition)
            self.is_searching, self.search_query = True, query
        return objects


def _translated(*names):
    return tuple(f"{name}_{lang}" for name in names for lang in ("en", "km", "lo"))


class QuestionSearchForm(TextSearchForm):
    search_fields = _translated("stem", "category__name", "category__bank__name")


class BankSearchForm(TextSearchForm):
    search_fields = (*_translated("name"), "course__title_en", "course__title_km", "course__title_lo")


class CategorySearchForm(TextSearchForm):
    search_fields = _translated("name", "bank__name")


def chooser_viewset(*, related, filter_form, columns):
    """A snippet chooser viewset whose listing shows `columns` beside the title and searches with `filter_form`."""

    class ColumnsMixin:
        filter_form_class = filter_form

        def get_object_list(self):
            return super().get_object_list().select_related(*related)

        @property
        def columns(self):
            return [*super().columns, *columns]

    class View(ColumnsMixin, ChooseView):
        pass

    class ResultsView(ColumnsMixin, ChooseResultsView):
        pass

    return type(
        "ChooserViewSet",
        (SnippetChooserViewSet,),
        {"choose_view_class": View, "choose_results_view_class": ResultsView},
    )


COURSE = _("Course")
QuestionChooserViewSet = chooser_viewset(
    related=("category__bank__course",),
    filter_form=QuestionSearchForm,
    columns=[
        Column("kind", label=_("type"), accessor="get_kind_display"),
        Column("bank", label=_("question bank"), accessor=lambda q: q.category.bank.name),
        Column("category", label=_("question category"), accessor=lambda q: q.category.name),
        Column("course", label=COURSE, accessor=lambda q: _course_title(q.category.bank)),
    ],
)
BankChooserViewSet = chooser_viewset(
    related=("course",),
    filter_form=BankSearchForm,
    columns=[Column("course", label=COURSE, accessor=_course_title)],
)
CategoryChooserViewSet = chooser_viewset(
    related=("bank__course",),
    filter_form=CategorySearchForm,
    columns=[
        Column("bank", label=_("question bank"), accessor=lambda c: c.bank.name),
        Column("course", label=COURSE, accessor=lambda c: _course_title(c.bank)),
    ],
)


class QuestionFilterSet(WagtailFilterSet):
    # A category's name carries its bank and course: read them with the categories, not one by one.
    category = django_filters.ModelChoiceFilter(
        label=_("question category"), queryset=Category.objects.select_related("bank__course")
    )

    class Meta:
        model = Question
        fields = ["kind", "category"]


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    menu_label = _("Quizzes")
    list_display = ["title", "course", "role", "required_for_completion", "live"]
    list_filter = ["course", "role", "live"]
    search_fields = ["title"]


class QuestionBankViewSet(SnippetViewSet):
    model = QuestionBank
    icon = "folder-open-inverse"
    menu_label = _("Question banks")
    list_display = ["name", "course"]
    chooser_viewset_class = BankChooserViewSet
    chooser_per_page = 20

    def get_queryset(self, request):
        return QuestionBank.objects.select_related("course")


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-inverse"
    menu_label = _("Question categories")
    list_display = ["name", "bank"]
    chooser_viewset_class = CategoryChooserViewSet
    chooser_per_page = 20

    def get_queryset(self, request):
        return Category.objects.select_related("bank__course")


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    list_display = ["stem_text", "kind", "category", "updated_at"]
    filterset_class = QuestionFilterSet
    search_fields = list(_translated("stem"))
    chooser_viewset_class = QuestionChooserViewSet
    chooser_per_page = 20

    def get_queryset(self, request):
        return Question.objects.select_related("category__bank__course")


class RegradeViewSet(SnippetViewSet):
    model = Regrade
    icon = "history"
    menu_label = _("Regrades")
    list_display = ["question", "editor", "created_at", "attempts_changed"]
    inspect_view_enabled = True


class AssessmentsGroup(SnippetViewSetGroup):
    items = (QuizViewSet, QuestionBankViewSet, CategoryViewSet, QuestionViewSet, RegradeViewSet)
    menu_icon = "tasks"
    menu_label = _("Assessments")
    menu_order = 320


register_snippet(AssessmentsGroup)


@hooks.register("register_snippet_listing_buttons")
def regrade_button(snippet, user, next_url=None):
    """A "Regrade" button beside each question, for editors who fixed its answer key."""
    if isinstance(snippet, Question) and user.has_perm("assessments.regrade", snippet):
        yield ListingButton(_("Regrade"), reverse("assessments:regrade", args=[snippet.pk]), priority=50)


@hooks.register("courses_page_sections")
def quiz_section(request, *, where, page, enrolment):
    """The quizzes of a course, module or lesson with the learner's grade.

    The quizzes come from the shared cache (caching.course_quizzes); the learner's grades are one
    query, asked only when the page has quizzes and the learner is enrolled.
    """
    user = getattr(request, "user", None)
    if where == "my_learning":
        quizzes = _graded_quizzes(request, user)
    elif where in ("course", "module", "lesson") and page is not None:
        # Kept per person (core.cache.person_cached): a new grade bumps the person, a changed quiz everyone.
        return shared.person_cached(
            request,
            ("assessments:section", where, page.pk, enrolment is not None),
            lambda: _section(request, where, _page_quizzes(request, where, page, user if enrolment else None)),
        )
    else:
        return ""
    return _section(request, where, quizzes)


def _section(request, where, quizzes):
    if not quizzes:
        return ""
    return render_to_string("assessments/section.html", {"quizzes": quizzes, "where": where}, request=request)


def _graded_quizzes(request, user):
    """[{quiz fields..., grade_percent, grade_passed}] of every quiz the learner has a grade in: one query.

    The quizzes come from the shared cache (live ones); a quiz closed since is read from the database.
    """
    grades = list(
        QuizGrade.objects.filter(learner_id=user.pk)
        .order_by("quiz__course_id", "quiz_id")
        .values_list("quiz_id", "quiz__course_id", "percent", "passed")
    )
    if not grades:
        return []
    cached = course_quizzes(request, {course_id for _quiz_id, course_id, _percent, _passed in grades})
    by_id = {quiz.pk: vars(quiz) for quizzes in cached.values() for quiz in quizzes}
    closed = [quiz_id for quiz_id, *_rest in grades if quiz_id not in by_id]
    if closed:
        fields = ("uuid", "title", "role", "required_for_completion")
        by_id.update(
            {quiz.pk: {name: getattr(quiz, name) for name in fields} for quiz in Quiz.objects.filter(pk__in=closed)}
        )
    return [
        {**by_id[quiz_id], "grade_percent": percent, "grade_passed": passed}
        for quiz_id, _course_id, percent, passed in grades
    ]


def _page_quizzes(request, where, page, learner):
    """[{quiz fields..., grade_percent, grade_passed}] of the live quizzes placed on a course, module or lesson."""
    from courses.selectors import course_path_of, course_tree

    course_id = page.pk if where == "course" else course_tree(course_path_of(page), request).course.pk
    field = {"course": "course_id", "module": "module_id", "lesson": "lesson_id"}[where]
    in_course = course_quizzes(request, [course_id])[course_id]
    placed = [quiz for quiz in in_course if getattr(quiz, field) == page.pk]
    grades = {}
    if placed and learner is not None:
        grades = learner_grades(learner.pk, course_id, [quiz.pk for quiz in in_course])
    return [
        {
            **vars(quiz),
            "grade_percent": grades.get(quiz.pk, (None,))[0],
            "grade_passed": grades.get(quiz.pk, (0, False))[1],
        }
        for quiz in placed
    ]


@hooks.register("register_cache_namespaces")
def quiz_cache_namespaces():
    from .caching import QUIZZES

    return [QUIZZES]
