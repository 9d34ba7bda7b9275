"""党建×业务 assessment: workbook reading, validation, the versioned store, scoring and the CLI.

Nothing in this package imports Streamlit; the UI lives in ``dashboard.py`` and ``pages/``.
"""

__version__ = "0.1.0"
