"""`-m "not browser"` leaves out every browser test, and `-m browser` keeps exactly them."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def collected(marker: str) -> set[str]:
    paths = ["tests/browser", "tests/config/test_markers.py"]
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly", "-m", marker, *paths]
    result = subprocess.run(command, cwd=BASE_DIR, capture_output=True, text=True, timeout=120)
    return {line.split("::")[0] for line in result.stdout.splitlines() if "::" in line}


def test_browser_tests_are_marked_at_collection():
    assert collected("not browser") == {"tests/config/test_markers.py"}
    kept = collected("browser")
    assert kept and all(path.startswith("tests/browser/") for path in kept)
