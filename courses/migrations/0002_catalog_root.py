"""Make a course catalogue the root of the default site, in place of Wagtail's welcome page."""

from django.db import migrations


def create_catalog(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    CatalogPage = apps.get_model("courses", "CatalogPage")
    if CatalogPage.objects.exists():
        return
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    # Wagtail's initial migration creates a "Welcome" page under the root; it is replaced.
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    content_type, _ = ContentType.objects.get_or_create(app_label="courses", model="catalogpage")
    siblings = Page.objects.filter(depth=2).count()
    catalog = CatalogPage.objects.create(
        title="Courses", draft_title="Courses", slug="courses", content_type=content_type,
        path=f"{root.path}{siblings + 1:04d}", depth=2, numchild=0, url_path="/courses/", live=True,
        locale=Locale.objects.order_by("pk").first(),
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page_id": catalog.pk, "site_name": "PES Learning"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_catalog, migrations.RunPython.noop)]
