"""Settings of the cap_xblock demo: the xblock-sdk workbench plus the CAP Django app.

The database is SQLite under ``var/`` by default. ``CAP_DB_ENGINE=mysql`` with
``CAP_DB_NAME``, ``CAP_DB_USER``, ``CAP_DB_PASSWORD``, ``CAP_DB_HOST``,
``CAP_DB_PORT`` or ``CAP_DB_SOCKET`` selects MySQL/MariaDB instead.
"""

import os
from pathlib import Path

import django
from workbench.settings import *  # noqa: F401,F403  pylint: disable=wildcard-import,unused-wildcard-import

PROJECT_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(os.environ.get("CAP_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = os.environ.get("CAP_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

if os.environ.get("CAP_DB_ENGINE") == "mysql":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.mysql",
            "NAME": os.environ.get("CAP_DB_NAME", "cap"),
            "USER": os.environ.get("CAP_DB_USER", "root"),
            "PASSWORD": os.environ.get("CAP_DB_PASSWORD", ""),
            "HOST": os.environ.get("CAP_DB_SOCKET") or os.environ.get("CAP_DB_HOST", "127.0.0.1"),
            "PORT": os.environ.get("CAP_DB_PORT", ""),
            "OPTIONS": {"charset": "utf8mb4", "init_command": "SET sql_mode='STRICT_TRANS_TABLES'"},
            "TEST": {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"},
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("CAP_SQLITE_PATH", str(VAR_DIR / "cap-demo.sqlite3")),
            # One writer at a time, and wait for it rather than fail (``transaction_mode``: Django 5.1+).
            "OPTIONS": {"timeout": 30, **({"transaction_mode": "IMMEDIATE"} if django.VERSION >= (5, 1) else {})},
        }
    }

INSTALLED_APPS = list(INSTALLED_APPS) + ["cap_xblock", "cap_demo"]  # noqa: F405
MIDDLEWARE = list(MIDDLEWARE)  # noqa: F405
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
                  "django.middleware.locale.LocaleMiddleware")
ROOT_URLCONF = "cap_demo.urls"


# French first: the block speaks French when the browser asks for no language.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
TIME_ZONE = "UTC"

# Only the CAP block in this workbench.
EXCLUDED_XBLOCKS = {
    "allscopes_demo", "attempts_scoreboard_demo", "equality_demo", "filethumbs", "helloworld_demo", "html_demo",
    "problem_demo", "sidebar_demo", "slider_demo", "textinput_demo", "thumbs", "view_counter_demo",
}

WORKBENCH = dict(WORKBENCH)  # noqa: F405
WORKBENCH["services"] = dict(WORKBENCH["services"])
WORKBENCH["services"].update({
    "user": "cap_demo.services.DemoUserService",
    "i18n": "cap_demo.services.DemoI18nService",
})
CAP_USER_DIRECTORY = "cap_demo.people.lookup"
CAP_WORKBENCH_COURSE_KEY = "course-v1:CAP+Demo+2026"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "level": "WARNING"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# E-mail: edx-ace (the platform's messaging) through Django's e-mail, written as files under var/mail/
# so a visitor reads what each person would receive (``make demo-digest``, ``cap_send_digests``).
CAP_USER_CONTACTS = "cap_demo.people.contacts"
CAP_SITE_URL = os.environ.get("CAP_SITE_URL", "http://127.0.0.1:8000")
EMAIL_BACKEND = os.environ.get("CAP_EMAIL_BACKEND", "cap_demo.mail.EmailBackend")
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = "cap-demo@cap-demo.example"
ACE_ENABLED_CHANNELS = ["django_email"]
ACE_ENABLED_POLICIES = []
ACE_CHANNEL_DEFAULT_EMAIL = "django_email"
ACE_CHANNEL_TRANSACTIONAL_EMAIL = "django_email"
