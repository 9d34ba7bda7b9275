"""The annual evaluation (年度考评, SPEC §3.16): a year's P combines the mean of its quarters with
the year-end evaluation score E of the branch (群众评价 / 民主测评, 0–100).

Pure: a year's query rows and the year's stored E in, the rows with P_year out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def combine(base: pd.DataFrame, evaluations: pd.DataFrame, weight: float) -> pd.DataFrame:
    """``base`` (rows of ``queries/branch_period_scores.sql`` for a year, with branch_id) with
    ``party_score`` = P_year and three columns added:

    - ``party_quarter_mean``: the mean P of the year's quarters (the query's party_score);
    - ``evaluation``: E of the branch (NaN where none is stored);
    - ``evaluation_pending``: True where the branch has a P but no E (待测评) — only when the
      year has some E stored and ``weight`` > 0: a year without any evaluation is simply scored
      by its quarters.

    ``P_year = (1 − weight) × party_quarter_mean + weight × E`` where both exist; else the mean.
    ``evaluations``: columns branch_id, evaluation (one row per branch of the year).
    """
    out = base.copy()
    mean = base["party_score"].to_numpy(dtype=float, na_value=np.nan)
    by_branch = dict(zip(evaluations["branch_id"].tolist(),
                         evaluations["evaluation"].to_numpy(dtype=float)))
    e = np.array([by_branch.get(b, np.nan) for b in base["branch_id"].tolist()], dtype=float)
    both = ~np.isnan(mean) & ~np.isnan(e)
    out["party_score"] = np.where(both, (1.0 - weight) * mean + weight * e, mean)
    out["party_quarter_mean"] = mean
    out["evaluation"] = e
    in_use = weight > 0 and len(evaluations) > 0
    out["evaluation_pending"] = ~np.isnan(mean) & np.isnan(e) & in_use
    return out
