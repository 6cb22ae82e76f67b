"""The admin form for a SCORM package: the zip is checked on validation, extracted on save."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from core.errors import InvalidInput

from . import archive, services


class ScormPackageForm(WagtailAdminModelForm):
    package_file = forms.FileField(
        label=_("SCORM package (.zip)"),
        required=False,
        help_text=_("A SCORM 1.2 or SCORM 2004 zip exported from an authoring tool, with imsmanifest.xml at its top."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        if self.instance.pk is None:
            self.fields["package_file"].required = True

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("package_file")
        if upload:
            try:
                with archive.open_zip(upload) as zipped:
                    archive.check_archive(zipped, size=upload.size)
            except InvalidInput as error:
                self.add_error("package_file", str(error.message))
            finally:
                upload.seek(0)
        return cleaned

    def save(self, commit=True):
        upload = self.cleaned_data.get("package_file")
        package = super().save(commit=False)
        if upload:
            old_key = str(package.content_key) if package.pk else None
            services.store_files(package, upload)
            if old_key:
                from django.db import transaction

                transaction.on_commit(lambda: archive.remove(old_key))
        if commit:
            package.save()
        return package
