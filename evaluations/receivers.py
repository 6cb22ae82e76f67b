"""Where the evaluations app listens: the demo loader (the survey is offered through page hooks,
wagtail_hooks.py, from the completion recorded by courses)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail import hooks

from core import cache as shared
from core.signals import demo_data_loaded


@receiver(demo_data_loaded, dispatch_uid="evaluations_demo_data")
def load_demo(sender, users, courses, stdout, **kwargs):
    from .demo import load_demo_evaluations

    load_demo_evaluations(users=users, courses=courses, stdout=stdout)


# Survey offers on My learning are cached per person (core.cache.person_cached): an answered
# survey bumps the person, a survey added, switched off or moved to another course bumps everyone.
SURVEYS = "evaluations:surveys"


def _surveys_changed(**kwargs):
    shared.bump_now_and_after_commit(SURVEYS)


def connect():
    from .models import Respondent, Survey

    shared.track_person_rows(Respondent, lambda respondent: respondent.person_id)
    post_save.connect(_surveys_changed, sender=Survey, dispatch_uid="evaluations_surveys_saved")
    post_delete.connect(_surveys_changed, sender=Survey, dispatch_uid="evaluations_surveys_deleted")


@hooks.register("register_cache_namespaces")
def survey_cache_namespaces():
    return [SURVEYS]
