"""Rebuild the search index from scratch: every findable course and lesson, every member of staff.

Safe to run at any time and again (it replaces the whole index in one transaction); run it after
restoring a database, or after changing how text is segmented.
"""

from django.core.management.base import BaseCommand

from search import services


class Command(BaseCommand):
    help = "Rebuild the search index (courses, lessons and staff, segmented into words)."

    def handle(self, *args, **options):
        pages, people = services.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {pages} pages, {people} people."))
