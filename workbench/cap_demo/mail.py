"""The demo's e-mail backend: each message in its own file under ``var/mail/``, named after its recipient,
so a visitor opens what each demo person would receive (``<date>-<recipient>-<n>.eml``)."""

import os
import re

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class EmailBackend(BaseEmailBackend):
    """Write every message as a ``.eml`` file (RFC 5322, readable in any mail program or text editor)."""

    def send_messages(self, email_messages):
        folder = getattr(settings, "EMAIL_FILE_PATH", "mail")
        os.makedirs(folder, exist_ok=True)
        sent = 0
        for message in email_messages:
            recipient = re.sub(r"[^A-Za-z0-9_.-]", "_", (message.to or ["nobody"])[0].split("@")[0])
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            number = 1
            while os.path.exists(path := os.path.join(folder, f"{stamp}-{recipient}-{number}.eml")):
                number += 1
            with open(path, "wb") as handle:
                handle.write(message.message().as_bytes())
            sent += 1
        return sent
