"""Events the courses app sends; other apps connect to them and courses never imports those apps.

course_completed: sent once, after the transaction commits, when an enrolment first meets
every completion requirement. Arguments: enrolment (courses.Enrolment).
"""

from django.dispatch import Signal

course_completed = Signal()
