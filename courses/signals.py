"""Events the courses app sends; other apps connect to them and courses never imports those apps.

course_completed: sent once, after the transaction commits, when an enrolment first meets
every completion requirement. Arguments: enrolment (courses.Enrolment).

enrolled: sent once, after the transaction commits, when a learner enrols themself in a
self-paced course (not again when they enrol twice). Arguments: enrolment.
"""

from django.dispatch import Signal

course_completed = Signal()
enrolled = Signal()
