"""Admin editing of banks, questions and quizzes (snippets), and the quiz section on course pages."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .interop import hooks as interop_hooks  # noqa: F401  (question import and export)
from .models import Category, Question, QuestionBank, Quiz, QuizGrade, Regrade
from .policies import QuestionPolicy, QuizAttemptPolicy, QuizPolicy
from .selectors import quizzes_with_grades


@hooks.register("register_permission_policy")
def register_policies():
    return [QuizPolicy(), QuizAttemptPolicy(), QuestionPolicy()]


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


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-inverse"
    menu_label = _("Question categories")
    list_display = ["name", "bank"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    list_display = ["stem", "kind", "category", "updated_at"]
    list_filter = ["kind", "category"]
    search_fields = ["stem"]


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
    """The quizzes of a course, module or lesson with the learner's grade; one query."""
    user = getattr(request, "user", None)
    if where == "my_learning":
        grades = list(
            QuizGrade.objects.filter(learner=user).select_related("quiz").order_by("quiz__course_id", "quiz_id")
        )
        quizzes = []
        for grade in grades:
            grade.quiz.grade_percent, grade.quiz.grade_passed = grade.percent, grade.passed
            quizzes.append(grade.quiz)
    elif where in ("course", "module", "lesson") and page is not None:
        field = {"course": "course_id", "module": "module_id", "lesson": "lesson_id"}[where]
        quizzes = quizzes_with_grades(user if enrolment else None, **{field: page.pk})
    else:
        return ""
    if not quizzes:
        return ""
    return render_to_string("assessments/section.html", {"quizzes": quizzes, "where": where}, request=request)
