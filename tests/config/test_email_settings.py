"""EMAIL_URL picks the SMTP server the site sends through; unset, every message is written to a file."""

import os
import socket
import subprocess
import sys
import textwrap
from email import message_from_bytes
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings

SEND = textwrap.dedent(
    """
    import django
    django.setup()
    from django.core.mail import send_mail
    send_mail("Settings check", "Body of the settings check.", None, ["someone@example.com"])
    """
)


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def send_with(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.local", **env_overrides)
    return subprocess.run(
        [sys.executable, "-c", SEND], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )


def test_email_url_sends_through_that_smtp_server(smtp_server):
    controller, inbox = smtp_server
    result = send_with(
        {"EMAIL_URL": f"smtp://127.0.0.1:{controller.port}", "DEFAULT_FROM_EMAIL": "Debrief <robot@example.com>"}
    )

    assert result.returncode == 0, result.stderr
    assert len(inbox.messages) == 1
    envelope = inbox.messages[0]
    assert envelope.mail_from == "robot@example.com"
    assert envelope.rcpt_tos == ["someone@example.com"]
    message = message_from_bytes(envelope.content)
    assert message["Subject"] == "Settings check"
    assert message["From"] == "Debrief <robot@example.com>"


def test_without_email_url_each_message_is_written_to_a_file(tmp_path):
    result = send_with({"EMAIL_URL": "", "EMAIL_FILE_PATH": str(tmp_path / "mail")})

    assert result.returncode == 0, result.stderr
    files = list(Path(tmp_path / "mail").iterdir())
    assert len(files) == 1
    text = files[0].read_text()
    assert "Subject: Settings check" in text
    assert "To: someone@example.com" in text
