"""A real Celery worker, started as `make worker` starts it, runs the health task through real Redis.

The app ignores task results; this test alone asks for one: CELERY_RESULT_BACKEND in the worker's environment
(Celery reads it before any settings) and ignore_result=False on the message."""

import os
import signal
import subprocess
import sys
import uuid

import pytest
from celery import Celery
from django.conf import settings

from tests.processes import clean_env, redis_url_answering, stop

# A Redis database of this test's own when REDIS_URL is not set (CI always sets it).


@pytest.fixture
def redis_url():
    return redis_url_answering()


@pytest.fixture
def worker(redis_url, tmp_path):
    """A worker on a queue nobody else uses, stopped (its whole process group) at the end."""
    queue = f"health-test-{uuid.uuid4().hex[:10]}"
    hostname = f"{queue}@localhost"
    env = clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        REDIS_URL=redis_url,
        CELERY_RESULT_BACKEND=redis_url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        EMAIL_URL="",
    )
    log = (tmp_path / "worker.log").open("w+")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "config", "worker",
            "--loglevel=INFO", "--concurrency=1", "--pool=prefork",
            "--without-mingle", "--without-gossip", "--without-heartbeat",
            "-Q", queue, "-n", hostname,
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    try:
        yield {"queue": queue, "hostname": hostname, "process": process, "log": log}
    finally:
        stop(process)
        log.close()


def worker_log(worker) -> str:
    worker["log"].flush()
    worker["log"].seek(0)
    return worker["log"].read()


@pytest.mark.slow
def test_health_task_round_trip_through_a_real_worker(worker, redis_url):
    client = Celery("health-client", broker=redis_url, backend=redis_url)
    client.conf.update(task_serializer="json", accept_content=["json"], result_serializer="json")
    payload = f"ping-{uuid.uuid4().hex}"

    result = client.send_task("config.celery_app.health", args=[payload], queue=worker["queue"], ignore_result=False)
    try:
        # Generous: the worker is still importing Django when the message is sent.
        reply = result.get(timeout=60)
    except Exception as error:
        raise AssertionError(f"no reply: {error!r}\n--- worker log ---\n{worker_log(worker)}") from error
    finally:
        client.close()

    assert reply == {"echo": payload, "worker": worker["hostname"]}
    assert worker["process"].poll() is None, worker_log(worker)


@pytest.mark.slow
def test_worker_stops_cleanly_on_sigterm(worker, redis_url):
    # The health task only proves the worker started; then stop it as honcho or Docker would.
    client = Celery("health-client", broker=redis_url)
    client.conf.update(task_serializer="json", accept_content=["json"])
    try:
        reply = client.control.ping(destination=[worker["hostname"]], timeout=1.0)
        for _ in range(30):
            if reply:
                break
            reply = client.control.ping(destination=[worker["hostname"]], timeout=1.0)
    finally:
        client.close()
    assert reply, worker_log(worker)

    os.killpg(worker["process"].pid, signal.SIGTERM)
    assert worker["process"].wait(timeout=30) == 0, worker_log(worker)
    with pytest.raises(ProcessLookupError):
        os.killpg(worker["process"].pid, 0)


def test_a_lost_broker_connection_with_a_message_unacknowledged_closes_without_raising(redis_url):
    """What Celery 5.7 does when Redis goes away under a worker, with one message received and not yet
    acknowledged: it collects the connection (here the collection's own channel close is cut short, as a socket
    timeout does) and then closes it. With kombu's ack emulation that close raised AttributeError and the worker
    exited; with the broker options of config.settings it closes, and the message is only dropped."""
    import socket
    from unittest import mock

    from kombu import Connection, Queue

    name = f"ack-test-{uuid.uuid4().hex[:10]}"
    queue = Queue(name, routing_key=name)
    connection = Connection(redis_url, transport_options=settings.REDIS_BROKER_TRANSPORT_OPTIONS)
    with connection.Producer() as producer:
        producer.publish({"nudge": 1}, routing_key=name, declare=[queue])
    received = []
    consumer = connection.Consumer(queue, callbacks=[lambda body, message: received.append(message)], accept=["json"])
    consumer.consume()
    connection.drain_events(timeout=5)
    assert len(received) == 1 and not received[0].acknowledged

    with mock.patch.object(connection, "_do_close_self", side_effect=socket.timeout):
        connection.collect()
    connection.close()  # raised AttributeError: 'NoneType' object has no attribute 'hostname'


def test_tasks_are_acknowledged_before_they_run_and_redis_brokers_emulate_no_acks():
    assert settings.CELERY_TASK_ACKS_LATE is False
    assert settings.REDIS_BROKER_TRANSPORT_OPTIONS == {"ack_emulation": False}
    expected = settings.REDIS_BROKER_TRANSPORT_OPTIONS if settings.REDIS_URL else {}
    assert expected == settings.CELERY_BROKER_TRANSPORT_OPTIONS
