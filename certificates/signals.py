"""Events the certificates app sends, for apps above it (competencies) to react to.

certificate_issued: after an IssuedCertificate is stored. Arguments: certificate.
certificate_revoked: after a certificate is revoked. Arguments: certificate.
A certificate has `.enrolment` (courses.Enrolment) and `.holder` (the user).
"""

from django.dispatch import Signal

certificate_issued = Signal()
certificate_revoked = Signal()
