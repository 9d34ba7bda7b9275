"""``python -m assess COMMAND`` — see :mod:`assess.cli`."""

import sys

from assess.cli import main

sys.exit(main())
