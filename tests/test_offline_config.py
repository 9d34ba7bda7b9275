"""Nothing fetched from outside the server (issue 14), in the settings: Streamlit's client
options and the favicon. The browser test tests/browser/test_same_origin.py watches the network."""

from __future__ import annotations

import re
import tomllib

from assess.config import ROOT


def test_streamlit_client_settings_keep_everything_inside():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorLinks"] is False  # no "Ask Google / Ask ChatGPT"
    assert config["client"]["showErrorDetails"] in ("type", "none")
    assert config["client"]["toolbarMode"] == "viewer"


def test_the_page_icon_is_a_bundled_file():
    """A material or emoji page icon makes the browser fetch the favicon from a public server."""
    text = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    icons = re.findall(r"page_icon=([^)\n]*)", text)
    assert icons and all('"assets" / "favicon.png"' in icon for icon in icons), icons
    png = (ROOT / "assets" / "favicon.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) < 4096
