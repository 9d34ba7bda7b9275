"""Where the server listens (SPEC §8): without a users file (local mode, where anyone may upload
and roll back) on the loopback address only; with one, on every interface as configured.

Pure: :func:`server_args` takes the Streamlit options and whether a users file exists, and gives
the options to start with and the notice to print (both languages), or None.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from assess.i18n import t

LOOPBACK = "127.0.0.1"
ADDRESS_OPTION = "--server.address"


def given_address(argv: Sequence[str]) -> str | None:
    """The ``--server.address`` the options ask for (``--server.address=X`` or
    ``--server.address X``), or None."""
    for i, arg in enumerate(argv):
        if arg.startswith(ADDRESS_OPTION + "="):
            return arg.split("=", 1)[1]
        if arg == ADDRESS_OPTION and i + 1 < len(argv):
            return argv[i + 1]
    return None


def _without_address(argv: Sequence[str]) -> list[str]:
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg == ADDRESS_OPTION:
            skip = True
            continue
        if not arg.startswith(ADDRESS_OPTION + "="):
            out.append(arg)
    return out


def server_args(argv: Sequence[str], users_file: Path, has_users: bool) -> tuple[list[str], str | None]:
    """(the Streamlit options to start with, a notice in Chinese then English or None).

    Local mode (``has_users`` False): the address is the loopback one, whatever was asked, and
    the notice says how to serve other machines. With a users file the options are unchanged
    (Streamlit listens on every interface unless an address is given)."""
    if has_users:
        return list(argv), None
    asked = given_address(argv)
    lines = []
    for lang in ("zh", "en"):
        lines.append(t("trust.listen.local", lang, address=LOOPBACK, users=str(users_file)))
        if asked not in (None, LOOPBACK, "localhost"):
            lines.append(t("trust.listen.ignored", lang, address=asked))
    return [*_without_address(argv), f"{ADDRESS_OPTION}={LOOPBACK}"], "\n".join(lines)
