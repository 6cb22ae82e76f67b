"""Who may move questions in and out of the platform: content editors and administrators.

Registered through the `register_permission_policy` hook in interop/hooks.py; asked as
`user.has_perm("assessments.import_questions", bank)` and `"assessments.export_questions"` (a
bank or a quiz), and as `visible_to(user, action, QuestionBank.objects.all())` for the bank lists.
"""

from core.permissions import Policy
from people.permissions import can_edit_content

from ..models import QuestionBank, Quiz


class QuestionExchangePolicy(Policy):
    model = QuestionBank

    def accepts(self, obj):
        return obj is None or isinstance(obj, QuestionBank | Quiz)

    def can_import_questions(self, user, bank=None):
        return can_edit_content(user)

    def can_export_questions(self, user, bank_or_quiz=None):
        return can_edit_content(user)

    def visible(self, user, queryset, action):
        return queryset if can_edit_content(user) else queryset.none()
