"""The publishing rule: a content editor publishes a page in one step; no moderation workflow stands between."""

import pytest
from wagtail.models import Page, WorkflowState

from courses.models import ModulePage
from people.models import Role

from ..factories import make_course, make_staff

pytestmark = pytest.mark.django_db


def test_a_content_editor_may_publish_and_no_workflow_applies_to_the_course_tree():
    editor = make_staff(username="ed", roles=(Role.CONTENT_EDITOR,))
    module = ModulePage.objects.child_of(make_course(modules=1, lessons=1)).get()
    assert module.permissions_for_user(editor).can_publish()
    assert module.get_workflow() is None


def test_a_learner_may_not_publish():
    learner = make_staff(username="plain")
    module = ModulePage.objects.child_of(make_course(modules=1, lessons=1)).get()
    assert not module.permissions_for_user(learner).can_publish()


def test_an_editor_publishes_a_change_from_the_page_editor_in_one_step(client):
    client.force_login(make_staff(username="ed", roles=(Role.CONTENT_EDITOR,)))
    module = ModulePage.objects.child_of(make_course(modules=1, lessons=1)).get()
    response = client.post(
        f"/admin/pages/{module.pk}/edit/",
        {
            "title": "Module renamed",
            "title_en": "Module renamed",
            "title_km": "ម៉ូឌុលថ្មី",
            "title_lo": "ບົດໃໝ່",
            "slug": module.slug,
            "intro_en": "",
            "intro_km": "",
            "intro_lo": "",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    module = Page.objects.get(pk=module.pk).specific
    assert module.title_km == "ម៉ូឌុលថ្មី" and module.live and not module.has_unpublished_changes
    assert not WorkflowState.objects.exists()
