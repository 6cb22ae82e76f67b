"""Certificate designs translated field by field: one design, its words in Khmer, Lao and English."""

from modeltranslation.translator import TranslationOptions, register

from .models import CertificateSignatory, CertificateTemplate


@register(CertificateTemplate)
class CertificateTemplateTR(TranslationOptions):
    fields = ("title", "body", "issuer")


@register(CertificateSignatory)
class CertificateSignatoryTR(TranslationOptions):
    fields = ("name", "title")
