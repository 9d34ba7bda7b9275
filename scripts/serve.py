"""Start the dashboard: ``.venv/bin/python scripts/serve.py [streamlit options]``.

The same as ``streamlit run dashboard.py [options]``, warmed by :mod:`assess.warmup`: the
imports done first, the default view's queries run while the server starts and the first
visitor's browser loads the app. A configuration with mistakes, or a store that cannot be opened
(not a database, damaged, or its write-ahead log damaged by a crash) stops it before it starts
(exit status 2, every mistake located, in Chinese and English). Without a users file (local mode)
it listens on the loopback address only, and says so (:mod:`assess.listen`).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assess import auth, listen, warmup  # noqa: E402
from assess.config import db_path, load_config  # noqa: E402
from assess.db import DatabaseBusy, DatabaseUnreadable, shared  # noqa: E402
from assess.problems import ProblemError, bilingual  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    try:  # a mistake in the configuration stops the start, located, in both languages
        load_config()
        users_file = auth.load_policy().users_file
    except ProblemError as exc:
        print(bilingual(exc.problems, sep="\n"), file=sys.stderr)
        raise SystemExit(2)
    try:  # the process's one Database, opened here so an unusable store is said before serving
        shared(db_path())
    except DatabaseUnreadable as exc:
        print(bilingual([exc.problem], sep="\n"), file=sys.stderr)
        raise SystemExit(2)
    except DatabaseBusy:  # a command-line import holds it for now: the pages say so and retry
        pass
    options = argv if argv is not None else sys.argv[1:]
    # local mode (no users file: anyone may upload) listens on the loopback address only
    options, notice = listen.server_args(options, users_file, users_file.exists())
    if notice:
        print(notice, file=sys.stderr, flush=True)
    warmup.prepare()
    warmup.start()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(ROOT / "dashboard.py"), *options]
    cli.main()


if __name__ == "__main__":
    main()
