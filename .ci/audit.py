"""Audit every package uv.lock pins against the PyPI vulnerability data (pip-audit), for `make audit` and CI.

Fails on a known vulnerability unless .ci/audit-ignore lists its id with the reason it does not apply. When the
audit service cannot be reached (pip-audit then skips every package), it says so plainly and passes: a machine
without that service cannot tell, and CI must not go red for it.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


def ignored_ids() -> set[str]:
    path = BASE_DIR / ".ci" / "audit-ignore"
    if not path.exists():
        return set()
    ids = set()
    for line in path.read_text().splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            assert "#" in line, f"{path.name}: say why {entry} does not apply, after a #"
            ids.add(entry)
    return ids


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        requirements = Path(tmp) / "requirements.txt"
        subprocess.run(
            [VENV_BIN / "uv", "export", "--frozen", "--format", "requirements-txt", "--extra", "dev",
             "--no-emit-project", "--quiet", "-o", requirements],
            cwd=BASE_DIR, check=True,
        )  # fmt: skip
        result = subprocess.run(
            [VENV_BIN / "pip-audit", "-r", requirements, "--no-deps", "--disable-pip", "--progress-spinner", "off",
             "--format", "json"],
            cwd=BASE_DIR, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(f"audit: pip-audit gave no report (exit {result.returncode}):\n{result.stderr}", file=sys.stderr)
        return 1
    dependencies = report["dependencies"]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    if dependencies and len(skipped) == len(dependencies):
        print(
            f"audit: NOT RUN. The vulnerability service could not be reached from this machine, so none of the "
            f"{len(dependencies)} locked packages could be audited ({skipped[0]['skip_reason']}). This does not "
            "fail the build. Run `make audit` where https://pypi.org/pypi/<name>/<version>/json is reachable."
        )
        return 0
    ignore = ignored_ids()
    found = [
        (d["name"], d["version"], v["id"], ", ".join(v.get("fix_versions", [])) or "no fix yet")
        for d in dependencies
        for v in d.get("vulns", [])
        if v["id"] not in ignore and not ignore.intersection(v.get("aliases", []))
    ]
    for name in (d["name"] for d in skipped):
        print(f"audit: {name} could not be audited")
    if found:
        for name, version, vuln, fix in found:
            print(f"audit: {name} {version}: {vuln} (fixed in {fix})", file=sys.stderr)
        print("audit: upgrade with `make lock`, or list the id in .ci/audit-ignore with why it does not apply.")
        return 1
    print(f"audit: no known vulnerability in {len(dependencies) - len(skipped)} locked packages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
