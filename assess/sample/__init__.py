"""Deterministic, realistic sample data (SPEC §7 ``sample``).

:func:`sample_frames` gives the true values; :func:`write_sample` writes them as the workbooks a
real organisation department receives, in several of the layouts of SPEC §4 (``FILE_PLAN`` says
which file uses which), so that the sample exercises the reader. The same seed always gives
byte-identical files.
"""

from assess.sample.files import FILE_PLAN, sample_files, write_sample
from assess.sample.simulate import (
    BRANCHES, COMMITTEES, NOT_APPLICABLE_FOR_OFFICE, OFFICE, QUARTERS, Branch, Entry, category_score,
    sample_frames, simulate,
)

__all__ = ["BRANCHES", "COMMITTEES", "FILE_PLAN", "NOT_APPLICABLE_FOR_OFFICE", "OFFICE", "QUARTERS", "Branch", "Entry", "category_score",
           "sample_files", "sample_frames", "simulate", "write_sample"]
