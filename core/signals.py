"""Site-wide events that every app may listen to (the project package sends them; no app imports it).

demo_data_loaded: sent by `manage.py load_initial_data` after the foundation's demo data is in
place, so that each app adds its own demo records (quizzes, cohorts, certificates) without the
loader importing it. Arguments: users ({username: User}), courses ([CoursePage]), stdout.
"""

from django.dispatch import Signal

demo_data_loaded = Signal()
