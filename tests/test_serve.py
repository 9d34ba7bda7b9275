"""scripts/serve.py (what scripts/run.sh starts) refuses to start on a configuration with
mistakes: exit status 2, each mistake located, in Chinese and English, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_broken_configuration_stops_the_server_before_it_starts(tmp_path):
    config = tmp_path / "assess.toml"
    config.write_text('[method]\nname = "ratoi"\n', encoding="utf-8")
    env = dict(os.environ, ASSESS_CONFIG=str(config), ASSESS_DB=str(tmp_path / "x.duckdb"))
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "serve.py"), "--server.headless=true",
                           "--server.port=1"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert f"{config} › method.name: 未知的计分方法“ratoi”" in done.stderr, done.stderr
    assert f"{config} › method.name: unknown method “ratoi”" in done.stderr, done.stderr
    assert not (tmp_path / "x.duckdb").exists(), "nothing was opened"
