"""Settings for the test suite: the demo settings with a throw-away database."""

import os

os.environ.setdefault("CAP_SQLITE_PATH", ":memory:")

from .settings import *  # noqa: F401,F403,E402  pylint: disable=wildcard-import,unused-wildcard-import

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests read the messages in ``django.core.mail.outbox``.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
