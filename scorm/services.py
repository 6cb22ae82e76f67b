"""Writes on SCORM packages and attempts. The admin, views, the command and the demo call these.

- `create_package` / `replace_package_files`: check the zip from its directory, extract it into
  its own directory and save the row, all or nothing.
- `attach_to_lesson`: add the package's block to a lesson's body and publish a new revision.
- `launch`: the learner's attempt for one SCO of a package in a lesson (created on the first
  visit), with a new writing session; editors previewing get None (nothing is recorded).
- `record_commit`: store one commit under a row lock; the first time the SCO's rules say "done"
  and every other SCO of the package is done too, the lesson is completed through
  `courses.services.complete_lesson`.
"""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, Forbidden, NotFound
from courses.models import Enrolment, LessonPage
from courses.selectors import course_path_of
from courses.services import complete_lesson

from . import archive, runtime
from .models import ScormAttempt, ScormPackage

BLOCK_TYPE = "scorm"
BODY_FIELDS = ("body_en", "body_km", "body_lo")


def _size(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, os.SEEK_END)
        size = upload.tell()
    upload.seek(0)
    return size


def store_files(package: ScormPackage, upload) -> None:
    """Check and extract `upload` into a new directory for `package` (fields set, not saved)."""
    with archive.open_zip(upload) as zipped:
        checked = archive.check_archive(zipped, size=_size(upload))
        key = uuid.uuid4()
        archive.extract(zipped, checked, str(key))
    manifest = checked.manifest
    package.content_key = key
    package.version = manifest.version
    package.launch_href = manifest.launch_href
    package.mastery_score = manifest.mastery_score
    package.scaled_passing_score = manifest.scaled_passing_score
    package.completion_threshold = manifest.completion_threshold
    package.scos = [sco.as_json() for sco in manifest.scos] if len(manifest.scos) > 1 else []
    package.file_count = len(checked.files)
    package.total_bytes = checked.total_bytes
    if not package.title:
        package.title = manifest.title or _("SCORM package")


def create_package(*, upload, title: str = "", user=None) -> ScormPackage:
    """A new package from an uploaded zip; InvalidInput (nothing saved, nothing left on disk) if it is refused."""
    package = ScormPackage(title=(title or "").strip()[:255], uploaded_by=user if getattr(user, "pk", None) else None)
    store_files(package, upload)
    try:
        with transaction.atomic():
            package.save()
    except BaseException:
        archive.remove(str(package.content_key))
        raise
    return package


def replace_package_files(*, package: ScormPackage, upload, user=None) -> ScormPackage:
    """New files for an existing package (a corrected export); the old directory goes after commit."""
    old_key = str(package.content_key)
    store_files(package, upload)
    new_key = str(package.content_key)
    if getattr(user, "pk", None):
        package.uploaded_by = user
    try:
        with transaction.atomic():
            package.save()
            transaction.on_commit(lambda: archive.remove(old_key))
    except BaseException:
        archive.remove(new_key)
        raise
    return package


def packages_in_lesson(lesson) -> set[int]:
    """Ids of the packages a lesson's body holds, in any language (read from the raw data, no query)."""
    found = set()
    for field in BODY_FIELDS:
        stream = getattr(lesson, field, None)
        raw = getattr(stream, "raw_data", None) or []
        for block in raw:
            if isinstance(block, dict) and block.get("type") == BLOCK_TYPE and isinstance(block.get("value"), int):
                found.add(block["value"])
    return found


def attach_to_lesson(*, package: ScormPackage, lesson: LessonPage, user=None):
    """Add the package's block to the lesson (every language's body) and publish; no-op if it is there."""
    lesson = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object()
    if package.pk in packages_in_lesson(lesson):
        return lesson
    with transaction.atomic():
        for field in BODY_FIELDS:
            stream = getattr(lesson, field, None)
            if field != "body_en" and not (stream and len(stream)):
                continue  # an empty translation falls back to English, which gets the block
            blocks = list(stream.raw_data) if stream else []
            blocks.append({"type": BLOCK_TYPE, "value": package.pk, "id": str(uuid.uuid4())})
            setattr(lesson, field, blocks)
        revision = lesson.save_revision(user=user if getattr(user, "pk", None) else None, log_action=True)
        revision.publish(user=user if getattr(user, "pk", None) else None)
    return LessonPage.objects.get(pk=lesson.pk)


def enrolment_for(user, lesson) -> Enrolment | None:
    return Enrolment.objects.select_related("course").filter(learner=user, course__path=course_path_of(lesson)).first()


def choose_sco(package: ScormPackage, identifier: str | None, done: set[str]):
    """The SCO asked for; with none asked, the first one not done yet (where the learner left off), else the first."""
    scos = package.sco_list
    if identifier:
        found = package.sco(identifier)
        if found is None:
            raise NotFound(_("This part of the activity is not in the package."))
        return found
    return next((sco for sco in scos if sco.identifier not in done), scos[0])


def done_scos(user, lesson, package) -> set[str]:
    return set(
        ScormAttempt.objects.filter(
            learner=user, package=package, lesson=lesson, completed_at__isnull=False
        ).values_list("sco", flat=True)
    )


def launch(*, user, lesson: LessonPage, package: ScormPackage, sco: str | None = None) -> ScormAttempt | None:
    """The user's attempt at one SCO (`sco`: its identifier; None: where they left off), with a new
    writing session; None when an editor previews without enrolment."""
    if not lesson.live or package.pk not in packages_in_lesson(lesson):
        raise NotFound(_("This activity is not part of this lesson."))
    enrolment = enrolment_for(user, lesson)
    if enrolment is None:
        if user.has_perm("scorm.preview", package):
            choose_sco(package, sco, set())  # an unknown SCO is refused to editors too
            return None
        raise Forbidden(_("Enrol in this course to open its lessons."))
    chosen = choose_sco(package, sco, done_scos(user, lesson, package) if not sco else set())
    try:
        with transaction.atomic():
            ScormAttempt.objects.get_or_create(
                learner=user, package=package, lesson=lesson, sco=chosen.identifier, defaults={"enrolment": enrolment}
            )
    except IntegrityError:  # two first launches raced; the other one created it
        pass
    with transaction.atomic():
        attempt = (
            ScormAttempt.objects.select_for_update()
            .select_related("package")
            .get(learner=user, package=package, lesson=lesson, sco=chosen.identifier)
        )
        attempt.seconds_before_session = attempt.total_seconds
        attempt.session_key = uuid.uuid4()
        attempt.enrolment = enrolment
        attempt.save(update_fields=["seconds_before_session", "session_key", "enrolment", "updated_at"])
    return attempt


def record_commit(*, user, key, session, payload: dict) -> ScormAttempt:
    """Store one commit of the user's own attempt (NotFound for anyone else's), idempotently.

    The row is locked, so concurrent commits apply one after the other. Time is the total before
    this session plus the session's time as last reported, so committing the same data twice
    changes nothing.
    """
    max_bytes = int(getattr(settings, "SCORM_MAX_COMMIT_BYTES", 256 * 1024))
    runtime.bounded_json(payload, max_bytes)
    with transaction.atomic():
        found = ScormAttempt.objects.filter(key=key, learner=user).values_list("package_id", "lesson_id").first()
        if found is None:
            raise NotFound()
        # Every SCO's row of this learner's package in this lesson, locked in one order: commits to
        # one SCO apply one after the other, and two SCOs finishing at once see each other done.
        list(
            ScormAttempt.objects.select_for_update()
            .filter(learner=user, package_id=found[0], lesson_id=found[1])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        attempt = ScormAttempt.objects.select_related("package", "lesson", "enrolment__course").get(
            key=key, learner=user
        )
        if str(attempt.session_key) != str(session):
            raise Conflict(_("This activity was opened again in another window. Continue there, or reload this page."))
        package = attempt.package
        values = runtime.read_commit(payload, package.version)
        done = runtime.decide(values, package, package.sco(attempt.sco))
        for field in (
            "lesson_status",
            "completion_status",
            "success_status",
            "score_raw",
            "score_min",
            "score_max",
            "score_scaled",
            "location",
            "suspend_data",
            "exit",
        ):
            setattr(attempt, field, getattr(values, field))
        attempt.total_seconds = attempt.seconds_before_session + values.session_seconds
        attempt.cmi = payload["cmi"]
        newly_done = done and attempt.completed_at is None
        if newly_done:
            attempt.completed_at = timezone.now()
        attempt.save()
        if newly_done and len(package.sco_list) > 1:
            wanted = {sco.identifier for sco in package.sco_list}
            newly_done = wanted <= done_scos(user, attempt.lesson, package)
        if newly_done:
            lesson = attempt.lesson
            if not lesson.live or not lesson.path.startswith(attempt.enrolment.course.path):
                raise NotFound(_("This lesson is not part of your course."))
            complete_lesson(enrolment=attempt.enrolment, lesson=lesson)
    return attempt
