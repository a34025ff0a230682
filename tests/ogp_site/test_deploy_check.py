"""`manage.py check --deploy` under the production settings gives no warning at all."""

import os
import subprocess
import sys

from django.conf import settings


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))},
        "DJANGO_SETTINGS_MODULE": "ogp_site.settings.production",
        # A production-like environment: a long random key, a real host name, HTTPS.
        "SECRET_KEY": "k3Y-" + "x7Qz9wRt2LpVb8Nc4Hd6Jf1Ms5Ga0Ek3Uy7Io2Pa9Sd4Fg6Hj8" * 2,
        "ALLOWED_HOSTS": "gobiernoabierto.example.org",
        "OGP_PUBLIC_URL": "https://gobiernoabierto.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output
