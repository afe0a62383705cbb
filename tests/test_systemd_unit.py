"""deploy/storywatch.service: verifies cleanly, scores low on exposure, and keeps its contract."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UNIT = ROOT / "deploy" / "storywatch.service"
INSTALLED_EXEC = "/opt/storywatch/.venv/bin/storywatch"
ANALYZE = shutil.which("systemd-analyze")

needs_analyze = pytest.mark.skipif(
    ANALYZE is None,
    reason="systemd-analyze is not installed (Debian: apt-get install -y systemd)",
)


def _directives(text: str) -> dict[str, list[str]]:
    """Every `Key=value` line of the unit, in order; keys may repeat (SystemCallFilter=)."""
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";", "[")):
            continue
        key, _, value = line.partition("=")
        out.setdefault(key.strip(), []).append(value.strip())
    return out


def _storywatch_script() -> Path:
    """The real console script of this checkout, so `verify` can check ExecStart exists."""
    script = Path(sys.executable).parent / "storywatch"
    if not script.exists():
        found = shutil.which("storywatch")
        if found is None:
            pytest.skip("the storywatch console script is not installed (pip install -e .)")
        script = Path(found)
    return script


@pytest.fixture
def local_unit(tmp_path: Path) -> Path:
    """The unit with ExecStart pointing at this venv (verify fails when the binary is missing)."""
    text = UNIT.read_text(encoding="utf-8")
    assert INSTALLED_EXEC in text
    path = tmp_path / "storywatch.service"
    path.write_text(text.replace(INSTALLED_EXEC, str(_storywatch_script())), encoding="utf-8")
    return path


def _analyze(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    assert ANALYZE is not None
    return subprocess.run(
        [ANALYZE, *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )


def test_unit_declares_the_service_contract() -> None:
    d = _directives(UNIT.read_text(encoding="utf-8"))
    expected = {
        "Type": "notify",
        "NotifyAccess": "main",
        "WatchdogSec": "60",
        "Restart": "on-failure",
        "ExecReload": "/bin/kill -HUP $MAINPID",
        "DynamicUser": "yes",
        "StateDirectory": "storywatch",
        "ConfigurationDirectory": "storywatch",
        "LoadCredential": "telegram_token:/etc/storywatch/telegram_token",
        "ExecStart": f"{INSTALLED_EXEC} run --config /etc/storywatch/config.yaml",
    }
    for key, value in expected.items():
        assert d.get(key) == [value], f"{key}= should be {value!r}, found {d.get(key)}"


def test_unit_carries_the_hardening_from_ops_notes() -> None:
    d = _directives(UNIT.read_text(encoding="utf-8"))
    for key, value in {
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "PrivateDevices": "yes",
        "NoNewPrivileges": "yes",
        "RestrictAddressFamilies": "AF_UNIX AF_INET AF_INET6",
        "MemoryDenyWriteExecute": "yes",
        "CapabilityBoundingSet": "",
        "UMask": "0077",
    }.items():
        assert d.get(key) == [value], f"{key}= should be {value!r}, found {d.get(key)}"
    assert "@system-service" in d["SystemCallFilter"]


@needs_analyze
def test_systemd_analyze_verify_is_silent(local_unit: Path) -> None:
    # Unknown keys only warn (exit 0), so the test insists on an empty stderr.
    result = _analyze("verify", str(local_unit), cwd=local_unit.parent)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


@needs_analyze
def test_verify_would_catch_a_typo(tmp_path: Path, local_unit: Path) -> None:
    """Guards the test above: a misspelt directive must show up on stderr."""
    broken = tmp_path / "broken" / "storywatch.service"
    broken.parent.mkdir()
    broken.write_text(
        local_unit.read_text(encoding="utf-8").replace("PrivateTmp=", "PrivatTmp="),
        encoding="utf-8",
    )
    result = _analyze("verify", str(broken), cwd=broken.parent)
    assert "PrivatTmp" in result.stderr


@needs_analyze
def test_security_exposure_at_most_2(local_unit: Path) -> None:
    result = _analyze(
        "security", "--offline=true", "--threshold=20", str(local_unit), cwd=local_unit.parent
    )
    match = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", result.stdout)
    assert match, result.stdout + result.stderr
    assert float(match.group(1)) <= 2.0, result.stdout
    assert result.returncode == 0, result.stdout + result.stderr
