"""A test-only app for the real `db_worker` subprocess: its PDF renderer stops mid-work when told.

Installed only by tests/certificates/worker/settings.py (the worker's settings in
test_worker_death.py). Rendering writes `started-<serial>` into CERTIFICATE_WORKER_DIR and then waits
for a `release` file, so the test can kill the worker while it is certainly mid-task; every finished
render appends its serial to `rendered.log`.
"""
