"""Writes on certificates: issue, render and store, issue in bulk, re-issue, revoke, flag for review.

Views, tasks, signal receivers and the demo loader call these; none of them re-implements a rule.
Refusals are core errors (core.errors), rendered by core's middleware.
- One certificate per enrolment: a unique constraint, so completing twice never issues twice.
- Serials (KH-2026-000123) come from a SerialCounter row locked with SELECT ... FOR UPDATE in the
  same transaction as the insert, so concurrent issuing never repeats or skips a number.
- The PDF is rendered once, under the certificate's row lock, and stored with its SHA-256; only an
  explicit, recorded re-issue replaces it (keeping the serial and the verification code).
- Every task is safe to run twice, and `sweep` queues again what a dead worker left undone, so a
  bulk issue (whose state is read from its certificates) always finishes.
"""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import Conflict, InvalidInput
from people.validators import unsafe_characters

from .models import BulkIssue, CertificateEvent, CertificateTemplate, IssuedCertificate, SerialCounter
from .signals import certificate_issued, certificate_revoked

logger = logging.getLogger(__name__)

# Crockford's base32: no I, L, O, U, so a code read aloud or typed is hard to get wrong.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16  # 16 x 5 bits = 80 bits of randomness from `secrets`
LANGUAGE_BY_COUNTRY = {"KH": "km", "LA": "lo"}
FALLBACK_PREFIX = "PES"


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text):
    """What a person typed, as a stored code: case, spaces, dashes and look-alike letters forgiven."""
    text = (text or "").upper().replace("-", "").replace(" ", "")
    return text.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def _profile(user):
    try:
        return user.staff_profile
    except Exception:  # no staff profile (for example a bare superuser)
        return None


def certificate_language(user):
    """The holder's preferred language; otherwise their country's; English last."""
    if user.preferred_language in ("km", "lo", "en"):
        return user.preferred_language
    profile = _profile(user)
    return LANGUAGE_BY_COUNTRY.get(profile.country.code if profile else "", "en")


def choose_template(*, course, country_id):
    """The most specific design for a course and a holder's country (course > tier > country), or None."""
    best, best_score = None, -1
    for template in CertificateTemplate.objects.order_by("pk"):
        score = template.specificity(course=course, country_id=country_id)
        if score is not None and score > best_score:
            best, best_score = template, score
    return best


def allocate_serial(*, prefix, year):
    """The next serial for a prefix and year. Call inside the transaction that stores it."""
    counter = SerialCounter.objects.select_for_update().filter(prefix=prefix, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():  # savepoint: another transaction may create the row first
                SerialCounter.objects.create(prefix=prefix, year=year)
        except IntegrityError:
            pass
        counter = SerialCounter.objects.select_for_update().get(prefix=prefix, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{prefix}-{year}-{counter.last_number:06d}"


def printable(name):
    """A name as it may be printed: control and format characters (bidi overrides, zero-width
    spaces, NUL) removed, the joiners ZWJ and ZWNJ that Khmer and Lao need kept."""
    unsafe = set(unsafe_characters(name))
    return " ".join("".join(c for c in (name or "") if c not in unsafe).split()) if unsafe else (name or "")


def _snapshot(enrolment):
    """What the certificate says about its holder and course, as of now (names cleaned for print)."""
    user = enrolment.learner
    profile = _profile(user)
    completed = timezone.localtime(enrolment.completed_at)
    return {
        "holder_name_native": printable(profile.name_native if profile else ""),
        "holder_name_latin": printable((profile.name_latin if profile else user.get_full_name()) or user.username)
        or user.username,
        "completed_on": completed.date(),
        "hours": enrolment.course.duration_hours,
        "language": certificate_language(user),
        "template": choose_template(course=enrolment.course, country_id=profile.country_id if profile else None),
    }


def issue_certificate(*, enrolment, issued_by=None):
    """The certificate of a completed enrolment, created (with its serial) the first time only.

    Returns (certificate, created). The PDF is rendered separately (`store_pdf`), in a task.
    """
    from courses.models import Enrolment

    enrolment = Enrolment.objects.select_related("learner__staff_profile__country", "course").get(pk=enrolment.pk)
    existing = IssuedCertificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing, False
    if enrolment.completed_at is None:
        raise Conflict(_("This course is not completed yet, so no certificate can be issued."))
    profile = _profile(enrolment.learner)
    prefix = profile.country.code if profile else FALLBACK_PREFIX
    try:
        with transaction.atomic():
            certificate = IssuedCertificate.objects.create(
                enrolment=enrolment,
                holder=enrolment.learner,
                serial=allocate_serial(prefix=prefix, year=timezone.localdate().year),
                code=new_code(),
                issued_by=issued_by,
                **_snapshot(enrolment),
            )
            CertificateEvent.objects.create(
                certificate=certificate, action=CertificateEvent.Action.ISSUED, actor=issued_by
            )
            transaction.on_commit(lambda: certificate_issued.send(sender=IssuedCertificate, certificate=certificate))
    except IntegrityError:
        # Another request issued it between our check and our insert; the counter rolled back with us.
        return IssuedCertificate.objects.get(enrolment=enrolment), False
    return certificate, True


def store_pdf(*, certificate, base_url=None):
    """Render and store the PDF once; a certificate that already has its file is left untouched.

    The row stays locked while rendering, so two workers given the same certificate (a task queued
    again by `sweep`) render it once: the second waits, then finds the file. A worker that dies
    mid-way loses its connection, and with it the lock; nothing was stored.
    """
    from . import rendering

    if IssuedCertificate.objects.filter(pk=certificate.pk).exclude(sha256="").exclude(pdf="").exists():
        return IssuedCertificate.objects.get(pk=certificate.pk)
    with transaction.atomic():
        locked = (
            IssuedCertificate.objects.select_for_update(of=("self",))
            .select_related("enrolment__course", "template")
            .get(pk=certificate.pk)
        )
        if locked.is_ready:  # another worker stored it while we waited for the lock
            return locked
        data = rendering.render_pdf(locked, base_url=base_url)
        digest = hashlib.sha256(data).hexdigest()
        locked.pdf.save(f"{secrets.token_hex(16)}.pdf", ContentFile(data), save=False)
        locked.sha256 = digest
        locked.pdf_size = len(data)
        locked.rendered_at = timezone.now()
        locked.save(update_fields=["pdf", "sha256", "pdf_size", "rendered_at"])
        CertificateEvent.objects.create(certificate=locked, action=CertificateEvent.Action.RENDERED, sha256=digest)
    return locked


def issue_and_store(*, enrolment, issued_by=None, base_url=None):
    """What the background task does for one enrolment: issue (once) and make sure the PDF exists."""
    certificate, _created = issue_certificate(enrolment=enrolment, issued_by=issued_by)
    if certificate.is_valid:
        certificate = store_pdf(certificate=certificate, base_url=base_url)
    return certificate


def issue_for_enrolments(*, enrolments, issued_by, label="", base_url=None):
    """Issue certificates for many enrolments (a course, a cohort) as ONE action, in the background.

    Only completed enrolments without a stored certificate are queued, each as a task of its own
    (a worker that dies loses one certificate's work, which `sweep` queues again). The request is
    recorded as a BulkIssue whose state is read from the certificates. Returns a summary dict:
    queued, already_issued, not_completed, bulk (the BulkIssue, or None when nothing was queued).
    """
    from .tasks import issue_certificate as issue_task

    rows = list(
        _as_queryset(enrolments)
        .values_list("pk", "completed_at", "certificate__pk", "certificate__sha256")
        .order_by("pk")
        .distinct()
    )
    # A certificate whose PDF failed to render is queued again: the task stores the missing file.
    to_issue = [pk for pk, completed_at, cert_pk, digest in rows if completed_at and (cert_pk is None or not digest)]
    summary = {
        "queued": len(to_issue),
        "already_issued": sum(1 for _pk, _c, cert_pk, digest in rows if cert_pk is not None and digest),
        "not_completed": sum(1 for _pk, completed_at, _c, _d in rows if completed_at is None),
    }
    summary["bulk"] = None
    if to_issue:
        issued_by_id = issued_by.pk if issued_by is not None else None
        with transaction.atomic():
            bulk = BulkIssue.objects.create(requested_by=issued_by, label=str(label)[:255])
            bulk.enrolments.add(*to_issue)

            def enqueue():
                with transaction.atomic():  # one commit for every task row (the database backend)
                    for enrolment_id in to_issue:
                        issue_task.enqueue(enrolment_id=enrolment_id, issued_by_id=issued_by_id, base_url=base_url)

            transaction.on_commit(enqueue)
        summary["bulk"] = bulk
    return summary


def bulk_progress(bulks):
    """For each BulkIssue: how many of its enrolments hold a stored (or revoked) certificate, of how
    many. Read from the certificates, never stored: one query for any number of bulk issues."""
    from django.db.models import Count, Q

    bulks = list(bulks)
    through = BulkIssue.enrolments.through
    rows = (
        through.objects.filter(bulkissue_id__in=[b.pk for b in bulks])
        .values("bulkissue_id")
        .annotate(
            total=Count("pk"),
            done=Count(
                "pk",
                filter=Q(enrolment__certificate__status=IssuedCertificate.Status.REVOKED)
                | (Q(enrolment__certificate__isnull=False) & ~Q(enrolment__certificate__sha256="")),
            ),
        )
    )
    counts = {row["bulkissue_id"]: (row["done"], row["total"]) for row in rows}
    for bulk in bulks:
        bulk.done_count, bulk.total_count = counts.get(bulk.pk, (0, 0))
        bulk.is_done = bulk.done_count >= bulk.total_count
    return bulks


def cohort_enrolments(cohort):
    """The enrolments of a cohort's registered participants (waiting, pending and withdrawn left out)."""
    from cohorts.models import Participation
    from courses.models import Enrolment

    return Enrolment.objects.filter(
        participations__cohort=cohort, participations__status=Participation.Status.REGISTERED
    ).distinct()


def issue_for_cohort(*, cohort, issued_by, base_url=None):
    """Certificates for every registered participant of a cohort who completed its course: ONE action
    (see `issue_for_enrolments`). Who may ask is `user.has_perm("certificates.issue_for_cohort", cohort)`."""
    return issue_for_enrolments(
        enrolments=cohort_enrolments(cohort), issued_by=issued_by, label=cohort.title, base_url=base_url
    )


def _as_queryset(enrolments):
    from courses.models import Enrolment

    if hasattr(enrolments, "values_list"):
        return enrolments
    return Enrolment.objects.filter(pk__in=[getattr(e, "pk", e) for e in enrolments])


def reissue_certificate(*, certificate, by, base_url=None):
    """Render a new PDF (new names, design or course title) under the same serial and code; recorded."""
    from .tasks import render_certificate

    with transaction.atomic():
        locked = (
            IssuedCertificate.objects.select_for_update().select_related("enrolment__learner").get(pk=certificate.pk)
        )
        if not locked.is_valid:
            raise Conflict(_("A revoked certificate cannot be re-issued."))
        old_file, old_digest = locked.pdf.name, locked.sha256
        for field, value in _snapshot(locked.enrolment).items():
            setattr(locked, field, value)
        locked.pdf, locked.sha256, locked.pdf_size, locked.rendered_at = "", "", 0, None
        locked.save()
        CertificateEvent.objects.create(
            certificate=locked, action=CertificateEvent.Action.REISSUED, actor=by, sha256=old_digest
        )
        if old_file:
            storage = locked.pdf.storage
            transaction.on_commit(lambda: storage.delete(old_file))
        transaction.on_commit(lambda: render_certificate.enqueue(certificate_id=locked.pk, base_url=base_url))
    return locked


def revoke_certificate(*, certificate, by, reason):
    """Revoke with a reason; the public page says "revoked" from now on. Revoking twice is refused.

    The holder is told by e-mail, in their language, with the reason (a background task, once)."""
    from .tasks import notify_holder_of_revocation

    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Give a reason for revoking this certificate."))
    with transaction.atomic():
        locked = IssuedCertificate.objects.select_for_update().get(pk=certificate.pk)
        if not locked.is_valid:
            raise Conflict(_("This certificate is already revoked."))
        locked.status = IssuedCertificate.Status.REVOKED
        locked.revoked_reason = reason
        locked.revoked_by = by
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["status", "revoked_reason", "revoked_by", "revoked_at"])
        CertificateEvent.objects.create(
            certificate=locked, action=CertificateEvent.Action.REVOKED, actor=by, note=reason
        )
        transaction.on_commit(lambda: certificate_revoked.send(sender=IssuedCertificate, certificate=locked))
        transaction.on_commit(lambda: notify_holder_of_revocation.enqueue(certificate_id=locked.pk))
    return locked


def tell_holder_of_revocation(*, certificate_id):
    """E-mail the holder of a revoked certificate, in their language, with the reason: once.

    Safe to run twice (a task queued again): the row is locked and `holder_notified_at` says it
    was done. A holder without an e-mail address sees the revocation on My certificates only.
    """
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    from .links import absolute

    with transaction.atomic():
        locked = (
            IssuedCertificate.objects.select_for_update(of=("self",))
            .select_related("holder", "enrolment__course")
            .filter(pk=certificate_id)
            .first()
        )
        if locked is None or locked.is_valid or locked.holder_notified_at is not None:
            return False
        if not locked.holder.email:
            return False
        language = locked.holder.preferred_language or locked.language
        with translation.override(language if language in ("km", "lo", "en") else locked.language):
            context = {
                "certificate": locked,
                "course_title": locked.enrolment.course.title,
                "mine_url": absolute(reverse("certificates:mine")),
            }
            subject = render_to_string("certificates/email/revoked_subject.txt", context).strip()
            body = render_to_string("certificates/email/revoked_body.txt", context)
        send_mail(subject, body, None, [locked.holder.email])
        locked.holder_notified_at = timezone.now()
        locked.save(update_fields=["holder_notified_at"])
        CertificateEvent.objects.create(certificate=locked, action=CertificateEvent.Action.NOTIFIED)
    return True


def flag_for_review(*, enrolment, reason):
    """Mark the enrolment's certificate for an administrator's review (attendance fell below the
    rule after it was issued). Not revoked, not silently kept: it shows in the HR list's filter.
    Flagging again only refreshes the reason. Returns the certificate, or None when there is none."""
    with transaction.atomic():
        locked = IssuedCertificate.objects.select_for_update().filter(enrolment_id=enrolment.pk).first()
        if locked is None:
            return None
        locked.needs_review = True
        locked.review_reason = str(reason)
        locked.review_flagged_at = timezone.now()
        locked.save(update_fields=["needs_review", "review_reason", "review_flagged_at"])
        CertificateEvent.objects.create(certificate=locked, action=CertificateEvent.Action.FLAGGED, note=str(reason))
    return locked


def clear_review(*, certificate, by):
    """An administrator decided to keep the certificate: the flag goes, the decision is recorded."""
    with transaction.atomic():
        locked = IssuedCertificate.objects.select_for_update().get(pk=certificate.pk)
        if not locked.needs_review:
            raise Conflict(_("This certificate is not waiting for a review."))
        locked.needs_review = False
        locked.save(update_fields=["needs_review"])
        CertificateEvent.objects.create(
            certificate=locked, action=CertificateEvent.Action.REVIEWED, actor=by, note=locked.review_reason
        )
    return locked


SWEEP_AFTER = timedelta(minutes=10)  # a certificate takes seconds; work older than this was abandoned
RECENT_COMPLETIONS = timedelta(days=7)


def sweep(*, older_than=SWEEP_AFTER):
    """Queue again what a dead worker left undone, and close the task rows it left "running".

    - this app's task results still RUNNING after `older_than` are marked failed (their worker died:
      a certificate takes seconds), so nothing stays "running" forever;
    - completed enrolments of bulk issues without a stored certificate, recent completions without a
      certificate, valid certificates without a PDF, and revoked certificates whose holder was not told
      are queued again, unless a task for them is already waiting. Every task is idempotent, so queuing one twice does no harm.
    Returns how many tasks were queued and how many abandoned task rows were closed.
    """
    from django.apps import apps

    from . import tasks

    cutoff = timezone.now() - older_than
    closed = 0
    waiting = {"enrolment_id": set(), "certificate_id": set()}
    if apps.is_installed("django_tasks_db"):
        from django_tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        ours = DBTaskResult.objects.filter(task_path__startswith=f"{tasks.__name__}.")
        closed = (
            ours.running()
            .filter(started_at__lt=cutoff)
            .update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path="certificates.tasks.WorkerLost",
                traceback="The worker running this task stopped; certificates.services.sweep queued the work again.",
            )
        )
        for args_kwargs in ours.ready().values_list("args_kwargs", flat=True):
            for key, ids in waiting.items():
                if key in (args_kwargs.get("kwargs") or {}):
                    ids.add(args_kwargs["kwargs"][key])
    through = BulkIssue.enrolments.through
    enrolment_ids = set(
        through.objects.filter(
            bulkissue__requested_at__lt=cutoff,
            enrolment__completed_at__isnull=False,
        )
        .exclude(enrolment__certificate__status=IssuedCertificate.Status.REVOKED)
        .exclude(enrolment__certificate__sha256__gt="")
        .values_list("enrolment_id", flat=True)
    )
    enrolment_ids |= set(
        IssuedCertificate.objects.filter(
            status=IssuedCertificate.Status.VALID, sha256="", issued_at__lt=cutoff
        ).values_list("enrolment_id", flat=True)
    )
    # A completion whose task died before the certificate existed (recent ones only: a sweep must
    # not start issuing for enrolments completed long before this app issued certificates).
    from courses.models import Enrolment

    enrolment_ids |= set(
        Enrolment.objects.filter(
            completed_at__lt=cutoff, completed_at__gte=cutoff - RECENT_COMPLETIONS, certificate__isnull=True
        ).values_list("pk", flat=True)
    )
    unnotified = set(
        IssuedCertificate.objects.filter(
            status=IssuedCertificate.Status.REVOKED, holder_notified_at__isnull=True, revoked_at__lt=cutoff
        )
        .exclude(holder__email="")
        .values_list("pk", flat=True)
    )
    queued = 0
    for enrolment_id in sorted(enrolment_ids - waiting["enrolment_id"]):
        tasks.issue_certificate.enqueue(enrolment_id=enrolment_id)
        queued += 1
    for certificate_id in sorted(unnotified - waiting["certificate_id"]):
        tasks.notify_holder_of_revocation.enqueue(certificate_id=certificate_id)
        queued += 1
    return {"queued": queued, "closed": closed}
