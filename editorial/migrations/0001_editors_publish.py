"""The publishing rule of a small ministry team: content editors publish; no moderation step.

Wagtail's default setup lets the Editors group only save drafts and submit each page to the
"Moderators approval" workflow, so a one-lesson course needs three submissions and someone in a
group nobody is in. Here the Editors group (every content editor joins it, see people.services)
gets Wagtail's `publish` page permission wherever it may edit, and the default workflow is taken
off the page tree. Administrators (superusers) still do everything; each publication stays in the
page's history with its author.
"""

from django.db import migrations

EDITORS = "Editors"
DEFAULT_WORKFLOW = "Moderators approval"


def editors_publish(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    group = Group.objects.filter(name=EDITORS).first()
    publish = Permission.objects.filter(content_type__app_label="wagtailcore", codename="publish_page").first()
    if group is not None and publish is not None:
        pages = set(
            GroupPagePermission.objects.filter(
                group=group, permission__codename__in=["add_page", "change_page"]
            ).values_list("page_id", flat=True)
        )
        for page_id in pages:
            GroupPagePermission.objects.get_or_create(group=group, page_id=page_id, permission=publish)
    WorkflowPage.objects.filter(workflow__name=DEFAULT_WORKFLOW).delete()


def editors_submit(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission.objects.filter(group__name=EDITORS, permission__codename="publish_page").delete()
    workflow = Workflow.objects.filter(name=DEFAULT_WORKFLOW).first()
    root = Page.objects.filter(depth=1).first()
    if workflow is not None and root is not None:
        WorkflowPage.objects.get_or_create(page=root, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(editors_publish, editors_submit)]
