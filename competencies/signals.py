"""Events the competencies app sends, for apps above it (notifications) to react to.

staff_imported: sent after a staff import has committed. Arguments: job (competencies.ImportJob,
whose `send_invitations` says whether the importer asked for invitations) and user_ids (the
people the import created).
"""

from django.dispatch import Signal

staff_imported = Signal()
