"""docker-compose.yml and the Dockerfile, checked without a Docker engine: the compose-spec schema, Debian's
docker-compose 1.29 when it is installed, and the promises the README makes about them."""

import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from ruamel.yaml import YAML

from monitoring import checks
from reminders.services import sweep_run_record

BASE_DIR = Path(settings.BASE_DIR)
COMPOSE_FILE = BASE_DIR / "docker-compose.yml"
APP_SERVICES = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def compose():
    return YAML(typ="safe").load(COMPOSE_FILE.read_text())


def test_compose_file_matches_the_compose_specification():
    check = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run(
        [str(check), "--builtin-schema", "vendor.compose-spec", str(COMPOSE_FILE)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(not shutil.which("docker-compose"), reason="Debian's docker-compose is not installed")
def test_docker_compose_accepts_the_file(tmp_path):
    # A fresh clone has no .env: use the example, as the README says, in a copy next to the Dockerfile.
    for name in ("docker-compose.yml", "Dockerfile"):
        shutil.copy(BASE_DIR / name, tmp_path / name)
    shutil.copy(BASE_DIR / ".env.example", tmp_path / ".env")

    result = subprocess.run(
        ["docker-compose", "-f", str(tmp_path / "docker-compose.yml"), "config", "-q"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr


def test_web_worker_and_beat_run_one_image_against_the_compose_services(compose):
    services = compose["services"]
    assert "name" not in compose  # docker-compose 1.29 rejects it
    assert {"web", "worker", "beat", "postgres", "redis", "mailpit"} <= set(services)
    images = {services[name]["image"] for name in APP_SERVICES}
    assert len(images) == 1
    for name in APP_SERVICES:
        service = services[name]
        assert service["build"] == "."
        assert service["env_file"] == ".env"
        env = service["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
        assert "@postgres:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"].startswith("redis://redis:6379/")
        assert env["EMAIL_URL"] == "smtp://mailpit:1025"
    assert "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]
    assert services["postgres"]["image"] == "postgres:15"
    assert services["redis"]["image"].startswith("redis:7")
    assert "8025:8025" in services["mailpit"]["ports"]
    assert "8000:8000" in services["web"]["ports"]


def test_services_wait_for_healthy_dependencies(compose):
    services = compose["services"]
    for name in ("web", "postgres", "redis", "mailpit"):
        assert services[name]["healthcheck"]["test"], name
    assert services["web"]["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
        "mailpit": {"condition": "service_healthy"},
    }
    for name in ("worker", "beat"):
        # They start once web has migrated the database.
        assert services[name]["depends_on"]["web"] == {"condition": "service_healthy"}
        assert services[name]["depends_on"]["redis"] == {"condition": "service_healthy"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_web_healthcheck(compose, port: int) -> int:
    command = compose["services"]["web"]["healthcheck"]["test"]
    assert command[:3] == ["CMD", "python", "-c"]
    script = command[3].replace("127.0.0.1:8000", f"127.0.0.1:{port}")
    return subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=30).returncode


def test_web_healthcheck_probes_healthz_and_needs_a_200(compose):
    script = compose["services"]["web"]["healthcheck"]["test"][3]
    assert '"http://127.0.0.1:8000/healthz"' in script
    assert "sys.exit(0 if status == 200 else 1)" in script


@pytest.mark.django_db(transaction=True)
def test_web_healthcheck_passes_against_a_running_site_and_fails_when_it_is_down(compose, live_server):
    sweep_run_record(counts={})  # the site's sweep is running
    port = int(live_server.url.rsplit(":", 1)[1])
    assert run_web_healthcheck(compose, port) == 0
    assert run_web_healthcheck(compose, free_port()) != 0


@pytest.mark.django_db(transaction=True)
def test_web_healthcheck_fails_when_the_sweep_has_stopped(compose, live_server, monkeypatch):
    """The site answers, but no sweep has run for an hour although web has been up for longer: /healthz is a 503
    and the container shows as unhealthy."""
    now = timezone.now()
    monkeypatch.setattr(checks, "STARTED_AT", now - dt.timedelta(hours=2))
    sweep_run_record(counts={}, now=now - dt.timedelta(hours=1))
    port = int(live_server.url.rsplit(":", 1)[1])
    assert run_web_healthcheck(compose, port) != 0
    sweep_run_record(counts={})
    assert run_web_healthcheck(compose, port) == 0


def test_dockerfile_builds_a_non_root_production_image():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    lines = [line.strip() for line in dockerfile.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert lines[0] == "FROM python:3.11-slim"
    user_lines = [line for line in lines if line.startswith("USER ")]
    assert user_lines and user_lines[-1] not in {"USER root", "USER 0"}
    assert "DJANGO_SETTINGS_MODULE=config.settings.production" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    # Exactly what the lock pins, for production only (no dev extra).
    assert "uv sync --locked --no-install-project" in dockerfile
    assert "--extra dev" not in dockerfile
    cmd = next(line for line in reversed(lines) if line.startswith("CMD "))
    assert cmd.index("migrate") < cmd.index("createcachetable") < cmd.index("gunicorn")
    assert "--bind 0.0.0.0:8000" in cmd


def test_dockerignore_keeps_secrets_and_local_state_out_of_the_image():
    ignored = {line.strip() for line in (BASE_DIR / ".dockerignore").read_text().splitlines()}
    assert {".venv", "var", ".env", ".git"} <= ignored


@pytest.mark.slow
def test_the_images_command_migrates_and_serves_with_gunicorn(tmp_path, compose):
    """The Dockerfile's build step and command, run here without Docker: collectstatic with a throwaway secret,
    then migrate, createcachetable and gunicorn with production settings; the web healthcheck then passes."""
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    cmd = json.loads(next(line for line in dockerfile.splitlines() if line.startswith("CMD "))[4:])
    assert cmd[:2] == ["sh", "-c"]
    port = free_port()
    script = cmd[2].replace("0.0.0.0:8000", f"127.0.0.1:{port}")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.update(
        PATH=f"{Path(sys.executable).parent}:{env['PATH']}",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="run-time-secret-" + "k" * 20 + "0123456789abcdefghijklmnopqrstuv",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'web.sqlite3'}",
        REDIS_URL="",
        EMAIL_URL="",
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
        STATIC_ROOT=str(tmp_path / "static"),
        WEB_CONCURRENCY="2",
    )
    (BASE_DIR / "var").mkdir(exist_ok=True)  # the image's build makes var/, where the embedded broker lives
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert collect.returncode == 0, collect.stderr
    log = (tmp_path / "web.log").open("w+")
    web = subprocess.Popen(
        ["sh", "-c", script], cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while run_web_healthcheck(compose, port) != 0:
            if web.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"gunicorn did not come up:\n{log.read()}")
            time.sleep(0.5)
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        web.wait(timeout=30)
        log.close()
    assert (tmp_path / "web.sqlite3").exists()
