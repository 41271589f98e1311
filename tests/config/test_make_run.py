"""`make run` in a fresh copy with no DATABASE_URL, REDIS_URL or EMAIL_URL: the login page comes up, the demo
candidate logs in, and Ctrl-C (SIGINT to the process group, as a terminal sends it) stops every process."""

import contextlib
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from insight.management.commands.seed_demo import DEMO_PASSWORD
from tests.processes import stop

BASE_DIR = Path(settings.BASE_DIR)
VENV = BASE_DIR / ".venv"
DEMO_EMAIL = "candidate@example.com"


def copy_of_the_repository(target: Path) -> None:
    # What a clone holds (tracked files plus new ones not ignored), never .venv/ or var/.
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=BASE_DIR, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        source = BASE_DIR / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def processes_in(directory: Path) -> list[tuple[int, str]]:
    """Processes started from the copy: their working directory or command line points into it."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            cwd = os.readlink(entry / "cwd")
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        if cwd == str(directory) or cwd.startswith(f"{directory}/") or str(directory) in cmdline:
            found.append((int(entry.name), cmdline.strip()))
    return found


def wait_for(predicate, timeout: float, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    return None


class Browser:
    """urllib with a cookie jar: enough to GET a form and POST it back with its CSRF token."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[int, str, str]:
        with self.opener.open(self.base_url + path, timeout=10) as response:
            return response.status, response.geturl(), response.read().decode()

    def post_form(self, path: str, page: str, fields: dict) -> tuple[int, str, str]:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        request = urllib.request.Request(self.base_url + path, data=data, headers={"Referer": self.base_url + path})
        with self.opener.open(request, timeout=10) as response:
            return response.status, response.geturl(), response.read().decode()


def login_page_answers(browser):
    try:
        status, _, page = browser.get("/accounts/login/")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None
    return page if status == 200 else None


@pytest.mark.slow
def test_make_run_serves_the_demo_accounts_and_ctrl_c_stops_everything(tmp_path):
    if not (VENV / "bin" / "python").exists():
        pytest.skip(f"no virtualenv at {VENV} to reuse")
    copy = tmp_path / "debrief"
    copy.mkdir()
    copy_of_the_repository(copy)
    assert not (copy / "var").exists()
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "PORT", "HOST", "VENV"}
        and not k.startswith(("DJANGO_", "CELERY_"))
    }
    output = (tmp_path / "make-run.log").open("w+")
    # -o: reuse the installed virtualenv as it is. Re-running its `pip install -e` from the copy would point the
    # shared editable install at this temporary directory.
    process = subprocess.Popen(
        ["make", "run", f"VENV={VENV}", f"PORT={port}", "-o", f"{VENV}/.installed"],
        cwd=copy, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip

    def log() -> str:
        output.flush()
        output.seek(0)
        return output.read()

    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        login_page = wait_for(lambda: login_page_answers(browser), timeout=90)
        assert login_page, f"no login page within 90 s\n{log()}"
        assert "Debrief is starting at http://127.0.0.1:" in log()
        assert DEMO_EMAIL in log() and DEMO_PASSWORD in log()

        status, url, page = browser.post_form(
            "/accounts/login/", login_page, {"login": DEMO_EMAIL, "password": DEMO_PASSWORD}
        )
        assert status == 200
        assert url == f"http://127.0.0.1:{port}/"
        assert "Hello, Dana Candidate." in page, page

        # Static files travel as production sends them: a hashed name, cached for ten years, brotli-compressed.
        stylesheet = re.search(r'href="(/static/css/debrief\.[0-9a-f]{12}\.css)"', page)
        assert stylesheet, page[:2000]
        request = urllib.request.Request(browser.base_url + stylesheet.group(1), headers={"Accept-Encoding": "br"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["Content-Encoding"] == "br"
            assert "max-age=315360000" in response.headers["Cache-Control"]

        # The worker and beat came up too, on the embedded SQLite broker under the copy's var/.
        assert wait_for(lambda: re.search(r"celery@\S+ ready", log()), timeout=60), log()
        assert wait_for(lambda: "beat: Starting" in log(), timeout=30), log()
        assert (copy / "var" / "debrief.sqlite3").exists()
        assert (copy / "var" / "celery-broker.sqlite3").exists()
    finally:
        stop(process, first=signal.SIGINT, wait=30)  # Ctrl-C, as a person stops `make run`
        wait_for(lambda: not processes_in(copy), timeout=15)
        left = processes_in(copy)
        for pid, _ in left:  # clean up before failing below
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        output.close()

    assert left == [], f"still running after Ctrl-C: {left}"
    assert not port_is_open(port)
