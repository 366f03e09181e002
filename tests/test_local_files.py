"""The embedded defaults keep local files readable by their owner only."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def mode(path):
    return path.stat().st_mode & 0o777


def test_var_database_mail_and_secret_are_owner_only(tmp_path):
    var = tmp_path / "var"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SECRET_KEY", "EMAIL_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(DEBUG="1", VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="thinktank.settings")
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert mode(var) == 0o700
    assert mode(var / "secret_key") == 0o600
    assert mode(var / "db.sqlite3") == 0o600
    assert mode(var / "mail") == 0o700
