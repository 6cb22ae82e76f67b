"""Local demo: SQLite unless DATABASE_URL says otherwise, debug on, e-mail to the console."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-3b1f0c"  # noqa: F405
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
# The demo lets visitors create an account; production keeps sign-up off unless ALLOW_SIGNUP=1.
ALLOW_SIGNUP = env_bool("ALLOW_SIGNUP", True)
