"""The data each page shows: one module per view, each with one function that returns a small
dataclass of the frames and scalars its page draws (SPEC §5).

``common`` holds what every view shares (the viewer's :class:`~assess.views.common.Selection`,
the committee filter and the user's scope, period helpers); ``display`` the one table of column
formats and the label rules. Pure: no Streamlit, no SQL; data comes from :mod:`assess.scoring`
and :mod:`assess.store`. Numbers stay unrounded in the frames; ``display`` formats for people.
"""
