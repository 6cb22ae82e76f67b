"""Writes on certificates: issue, render and store, issue in bulk, re-issue, revoke.

Views, tasks, signal receivers and the demo loader call these; none of them re-implements a rule.
- One certificate per enrolment: a unique constraint, so completing twice never issues twice.
- Serials (KH-2026-000123) come from a SerialCounter row locked with SELECT ... FOR UPDATE in the
  same transaction as the insert, so concurrent issuing never repeats or skips a number.
- The PDF is rendered once and stored with its SHA-256; only an explicit, recorded re-issue
  replaces it (keeping the serial and the verification code).
"""

import hashlib
import logging
import secrets

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import CertificateEvent, CertificateTemplate, IssuedCertificate, SerialCounter
from .signals import certificate_issued, certificate_revoked

logger = logging.getLogger(__name__)

# Crockford's base32: no I, L, O, U, so a code read aloud or typed is hard to get wrong.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16  # 16 x 5 bits = 80 bits of randomness from `secrets`
LANGUAGE_BY_COUNTRY = {"KH": "km", "LA": "lo"}
FALLBACK_PREFIX = "PES"


class CertificateError(Exception):
    """A request the rules refuse; the message is for the person who asked."""

    def __init__(self, message, *, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


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


def _snapshot(enrolment):
    """What the certificate says about its holder and course, as of now."""
    user = enrolment.learner
    profile = _profile(user)
    completed = timezone.localtime(enrolment.completed_at)
    return {
        "holder_name_native": profile.name_native if profile else "",
        "holder_name_latin": (profile.name_latin if profile else user.get_full_name()) or user.username,
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
        raise CertificateError(_("This course is not completed yet, so no certificate can be issued."))
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


def store_pdf(*, certificate):
    """Render and store the PDF once; a certificate that already has its file is left untouched."""
    from .rendering import render_pdf

    certificate = IssuedCertificate.objects.select_related("enrolment__course", "template").get(pk=certificate.pk)
    if certificate.is_ready:
        return certificate
    data = render_pdf(certificate)
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        locked = IssuedCertificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.is_ready:  # another worker stored it while we rendered
            return locked
        locked.pdf.save(f"{secrets.token_hex(16)}.pdf", ContentFile(data), save=False)
        locked.sha256 = digest
        locked.pdf_size = len(data)
        locked.rendered_at = timezone.now()
        locked.save(update_fields=["pdf", "sha256", "pdf_size", "rendered_at"])
        CertificateEvent.objects.create(certificate=locked, action=CertificateEvent.Action.RENDERED, sha256=digest)
    return locked


def issue_and_store(*, enrolment, issued_by=None):
    """What the background task does for one enrolment: issue (once) and make sure the PDF exists."""
    certificate, _created = issue_certificate(enrolment=enrolment, issued_by=issued_by)
    if certificate.is_valid:
        certificate = store_pdf(certificate=certificate)
    return certificate


def issue_for_enrolments(*, enrolments, issued_by):
    """Issue certificates for many enrolments (a course, a cohort) as ONE action, in the background.

    Only completed enrolments without a stored certificate are queued. Returns a summary dict:
    queued, already_issued, not_completed.
    """
    from .tasks import issue_certificates

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
    if to_issue:
        issued_by_id = issued_by.pk if issued_by is not None else None
        transaction.on_commit(lambda: issue_certificates.enqueue(enrolment_ids=to_issue, issued_by_id=issued_by_id))
    return summary


def cohort_enrolments(cohort):
    """The enrolments of a cohort's registered participants (waiting, pending and withdrawn left out)."""
    from cohorts.models import Participation
    from courses.models import Enrolment

    return Enrolment.objects.filter(
        participations__cohort=cohort, participations__status=Participation.Status.REGISTERED
    ).distinct()


def issue_for_cohort(*, cohort, issued_by):
    """Certificates for every registered participant of a cohort who completed its course: ONE action,
    one background task (see `issue_for_enrolments`). Who may ask is the rule "certificates.issue_for_cohort"."""
    return issue_for_enrolments(enrolments=cohort_enrolments(cohort), issued_by=issued_by)


def _as_queryset(enrolments):
    from courses.models import Enrolment

    if hasattr(enrolments, "values_list"):
        return enrolments
    return Enrolment.objects.filter(pk__in=[getattr(e, "pk", e) for e in enrolments])


def reissue_certificate(*, certificate, by):
    """Render a new PDF (new names, design or course title) under the same serial and code; recorded."""
    from .tasks import render_certificate

    with transaction.atomic():
        locked = (
            IssuedCertificate.objects.select_for_update().select_related("enrolment__learner").get(pk=certificate.pk)
        )
        if not locked.is_valid:
            raise CertificateError(_("A revoked certificate cannot be re-issued."))
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
        transaction.on_commit(lambda: render_certificate.enqueue(certificate_id=locked.pk))
    return locked


def revoke_certificate(*, certificate, by, reason):
    """Revoke with a reason; the public page says "revoked" from now on. Revoking twice is refused."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Give a reason for revoking this certificate."))
    with transaction.atomic():
        locked = IssuedCertificate.objects.select_for_update().get(pk=certificate.pk)
        if not locked.is_valid:
            raise CertificateError(_("This certificate is already revoked."), status=409)
        locked.status = IssuedCertificate.Status.REVOKED
        locked.revoked_reason = reason
        locked.revoked_by = by
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["status", "revoked_reason", "revoked_by", "revoked_at"])
        CertificateEvent.objects.create(
            certificate=locked, action=CertificateEvent.Action.REVOKED, actor=by, note=reason
        )
        transaction.on_commit(lambda: certificate_revoked.send(sender=IssuedCertificate, certificate=locked))
    return locked
