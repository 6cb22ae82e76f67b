"""What planning announces, for the notifications app (the contract: do not change the arguments).

Each is sent as `signal.send(sender=Assignment, assignment=assignment)` once the transaction that
made it true has committed. `assignment` has `.learner`, `.due_date`, `.course` (or None),
`.cohort` (or None) and `.pk`.

- training_assigned: an HR planner assigned a course or a cohort (sent once per new assignment;
  assigning the same thing again sends nothing).
- training_due_soon: the due date is within DUE_SOON_DAYS and the training is not done (sent
  once, by `manage.py send_training_reminders`).
- training_overdue: the due date has passed and the training is not done (sent once, same command).
"""

from django.dispatch import Signal

training_assigned = Signal()
training_due_soon = Signal()
training_overdue = Signal()
