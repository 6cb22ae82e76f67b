"""Load the countries and provinces of Cambodia (25) and Lao PDR (18), with their names in three languages."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "provinces.json"


def load(apps, schema_editor):
    Country = apps.get_model("people", "Country")
    Province = apps.get_model("people", "Province")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for entry in data["countries"]:
        names = entry["name"]
        country, _ = Country.objects.update_or_create(
            code=entry["code"],
            defaults={"timezone": entry["timezone"], "name": names["en"],
                      **{f"name_{lang}": value for lang, value in names.items()}},
        )
        for item in entry["provinces"]:
            Province.objects.update_or_create(
                code=item["code"],
                defaults={"country": country, "name": item["name"]["en"],
                          **{f"name_{lang}": value for lang, value in item["name"].items()}},
            )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
