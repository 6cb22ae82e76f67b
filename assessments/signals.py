"""Events the assessments app sends, for apps above it (notifications) to react to.

attempt_submitted: sent once, after the transaction commits, when an attempt is graded for the
first time (a second submission of the same attempt sends nothing). Arguments: attempt.
"""

from django.dispatch import Signal

attempt_submitted = Signal()
