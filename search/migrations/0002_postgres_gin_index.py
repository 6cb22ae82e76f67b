"""On PostgreSQL, a GIN index on to_tsvector('simple', tokens): the expression search.selectors matches with.

Built from Django's own expression, so the index's SQL is the one the queries use and the planner
picks it. Other databases search by whole-word LIKE and get no index here. Kept out of the model's
Meta (a GIN index cannot be created on SQLite), so makemigrations sees nothing to do.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "search_doc_tokens_gin"


def _index():
    return GinIndex(SearchVector("tokens", config="simple"), name=INDEX_NAME)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("search", "SearchDocument"), _index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("search", "SearchDocument"), _index())


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(add_index, remove_index)]
