"""SPEC §3: from stored scores to K, C, stars, grades, ranks, quadrants and correlations.

``model`` holds the pure rules, ``table`` assembles a period's branch table, ``quarterly`` many
quarters' scores at once, ``engine`` reads the store, ``summary`` summarises a branch table,
``cli`` is the ``scores`` command.
"""

from assess.scoring.engine import (
    branch_scores,
    branches,
    changes,
    dimension_rates,
    indicator_rates,
    latest_version,
    periods,
    quarter_scores,
    quarter_summary,
)
from assess.scoring.summary import committee_summary, correlations, kpis
from assess.scoring.table import COLUMNS, quota_warning

__all__ = [
    "COLUMNS",
    "branch_scores",
    "branches",
    "changes",
    "committee_summary",
    "correlations",
    "dimension_rates",
    "indicator_rates",
    "kpis",
    "latest_version",
    "periods",
    "quarter_scores",
    "quarter_summary",
    "quota_warning",
]
