"""Content editors (Wagtail's "Editors" group) write course surveys in the admin; nobody edits answers there."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MANAGED = ["survey", "question"]


def grant(apps, schema_editor):
    config = apps.get_app_config("evaluations")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Editors").first()
    if group is None:
        return
    codenames = [f"{action}_{model}" for model in MANAGED for action in ("add", "change", "delete", "view")]
    group.permissions.add(*Permission.objects.filter(content_type__app_label="evaluations", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
