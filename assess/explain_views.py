"""Moved to :mod:`assess.views.explain` (kept only so a branch written against the old path
still imports; new code imports ``assess.views.explain``)."""

from assess.views.explain import *  # noqa: F401,F403
from assess.views.explain import driver_text, ranking_drivers  # noqa: F401
