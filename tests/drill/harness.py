"""What the fault drills start and break: an SMTP server they control, a Redis of their own and Celery processes,
each of which can be killed with SIGKILL and started again."""

import asyncio
import email
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings

from tests.conftest import IN_CI
from tests.processes import free_port, stop


class ControlledSmtp:
    """A real SMTP server on a fixed port that the drill can turn off (connections refused), make answer
    451 to every message, or make hold every client that reaches a chosen point of the exchange until released.

    It can also refuse every recipient of one domain for good (550), as a server does for an address that does not
    exist. A message counts as delivered when the server answered 250 to its DATA: that is when it is kept.
    """

    ACCEPT, DEFER = "accept", "defer"

    def __init__(self):
        self.port = free_port()
        self.mode = self.ACCEPT
        self.messages: list[email.message.Message] = []
        self.deferred = 0
        self.refused_domain: str | None = None  # every recipient there is refused for good (550 at RCPT)
        self.refused = 0
        self.lock = threading.Lock()
        # "RCPT", "DATA" (the message kept, its 250 not yet answered) or "QUIT": every client that gets there waits,
        # from the hold_from-th message kept on.
        self.hold_at: str | None = None
        self.hold_from = 0
        self.holding = threading.Event()  # set once a first client waits
        self.released = threading.Event()
        self.controller: Controller | None = None

    # --- driving it from the test -----------------------------------------------------------------------------

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def refuse_connections(self) -> None:
        """Closes the listening socket: a client now gets "connection refused", as from a server that is down."""
        self.controller.stop()
        self.controller = None

    def stop(self) -> None:
        self.release()
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def hold(self, point: str, *, from_message: int = 0) -> None:
        self.holding.clear()
        self.released.clear()
        self.hold_from = from_message
        self.hold_at = point

    def release(self) -> None:
        self.hold_at = None
        self.released.set()

    def message_ids(self) -> Counter:
        with self.lock:
            return Counter(message["Message-ID"] for message in self.messages)

    # --- aiosmtpd handler hooks -------------------------------------------------------------------------------

    async def _hold_if_asked(self, point: str) -> None:
        if self.hold_at == point and len(self.messages) >= self.hold_from:
            self.holding.set()
            while not self.released.is_set():
                await asyncio.sleep(0.02)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        await self._hold_if_asked("RCPT")
        if self.refused_domain and address.endswith(f"@{self.refused_domain}"):
            with self.lock:
                self.refused += 1
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.mode == self.DEFER:
            with self.lock:
                self.deferred += 1
            return "451 4.3.0 Try again later"
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content))
        await self._hold_if_asked("DATA")
        return "250 Message accepted for delivery"

    async def handle_QUIT(self, server, session, envelope):
        await self._hold_if_asked("QUIT")
        return "221 Bye"


class Process:
    """A command in a process group of its own, its output appended to one log across restarts."""

    def __init__(self, name: str, command: list[str], *, env: dict, log_dir: Path):
        self.name, self.command, self.env = name, command, env
        self.log_path = log_dir / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log_path.open("a") as log:
            log.write(f"\n=== {self.name} started ===\n")
            log.flush()
            self.process = subprocess.Popen(
                self.command,
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        """SIGKILL to the whole group (a Celery worker's pool children too): no cleanup, no goodbye."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def wait_for_log(self, text: str, *, after: int = 0, timeout: float = 60) -> None:
        """Waits until `text` shows in the log past offset `after` (len(self.log()) taken before a restart)."""
        deadline = time.monotonic() + timeout
        while text not in self.log()[after:]:
            assert self.running(), f"{self.name} exited:\n{self.log()[-3000:]}"
            assert time.monotonic() < deadline, f"{self.name}: no {text!r} in {timeout} s:\n{self.log()[-3000:]}"
            time.sleep(0.1)


KEPT_DRILL_RUNS = 30


def drill_log_dir(name: str) -> Path:
    """A folder of its own for one drill run's process logs, kept after the run (var/ is not committed): a failure
    names it, so the logs of every process are there to read, including the run that went wrong. The last
    KEPT_DRILL_RUNS runs of each drill are kept."""
    root = Path(settings.BASE_DIR) / "var" / "drill-logs"
    for old in sorted(root.glob(f"{name}-*"))[:-KEPT_DRILL_RUNS]:
        shutil.rmtree(old, ignore_errors=True)
    folder = root / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def redis_server_binary() -> str:
    binary = shutil.which("redis-server")
    if binary is None:
        message = "needs the redis-server program to start a Redis of the drill's own (apt-get install redis-server)"
        if IN_CI:
            pytest.fail(f"CI: {message}")
        pytest.skip(message)
    return binary


class DrillRedis(Process):
    """A Redis on a port of its own, keeping nothing on disk: killed, it comes back empty."""

    def __init__(self, log_dir: Path, env: dict):
        self.port = free_port()
        command = [redis_server_binary(), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                   "--appendonly", "no", "--dir", str(log_dir)]  # fmt: skip
        super().__init__("redis", command, env=env, log_dir=log_dir)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redis

        super().start()
        deadline = time.monotonic() + 20
        while True:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=1).ping()
                return
            except redis.exceptions.ConnectionError:
                assert time.monotonic() < deadline, f"Redis did not start:\n{self.log()[-2000:]}"
                time.sleep(0.05)


def celery_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "celery", "-A", "config", *args]
