"""The 通报's charts as PNG images, drawn without a display (matplotlib's Agg backend) in the
Noto CJK font that fonts-noto-cjk installs: grade and star distributions, the committee
comparison and the P–B scatter. (kaleido would need a browser and 5–8 s per image.)
"""

from __future__ import annotations

import io
from functools import lru_cache

import numpy as np

from assess import safe
from assess.i18n import t
from assess.report.content import Report
from assess.views.display import GRADES

CJK_FAMILIES = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK", "WenQuanYi Zen Hei", "DejaVu Sans"]
MAX_COMMITTEES = 30
MAX_POINTS = 3000  # a scatter of more branches draws a sample (every point still counted in the text)
DPI = 200
INK, ACCENT, RED, GREY = "#333333", "#c00000", "#b22222", "#999999"


@lru_cache(maxsize=1)
def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    for path in ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",):
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError):
            pass
    plt.rcParams.update({"font.family": "sans-serif", "font.sans-serif": CJK_FAMILIES,
                         "axes.unicode_minus": False, "font.size": 9, "axes.edgecolor": GREY,
                         "axes.spines.top": False, "axes.spines.right": False})
    return plt


def _png(fig) -> bytes:
    plt = _pyplot()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def distributions(r: Report, lang: str) -> bytes:
    """Two bar charts side by side: branches per grade, branches per star count (过硬 in red)."""
    plt = _pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(6.3, 2.4))
    grades = r.grades
    labels = [t(f"ui.grade.{g}", lang) for g in grades["grade"]]
    bars = left.bar(labels, grades["count"], color=[ACCENT if g == GRADES[0] else INK for g in grades["grade"]])
    left.bar_label(bars, fontsize=8)
    left.set_title(t("report.chart.grades", lang), fontsize=10)
    left.set_ylabel(t("report.chart.branches", lang))
    solid = r.config.scoring.solid_stars
    stars = r.stars
    bars = right.bar([t("report.stars_n", lang, n=s) for s in stars["stars"]], stars["count"],
                     color=[RED if s >= solid else INK for s in stars["stars"]])
    right.bar_label(bars, fontsize=8)
    right.set_title(t("report.chart.stars", lang), fontsize=10)
    for ax in (left, right):
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.margins(y=0.15)
    fig.tight_layout()
    return _png(fig)


def committees(r: Report, lang: str) -> bytes:
    """Mean composite per committee (bars, best first) with its 过硬率 against the target."""
    plt = _pyplot()
    s = r.summary.sort_values("composite_mean", ascending=False, na_position="last").head(MAX_COMMITTEES)
    n = len(s)
    fig, (left, right) = plt.subplots(1, 2, figsize=(6.3, 0.9 + 0.28 * max(n, 3)), sharey=True)
    y = np.arange(n)
    names = [safe.figure(c) for c in s["committee"]]
    left.barh(y, s["composite_mean"].astype(float).fillna(0), color=INK)
    left.set_yticks(y, names)
    left.invert_yaxis()
    left.set_title(t("report.chart.composite_mean", lang), fontsize=10)
    for i, v in enumerate(s["composite_mean"]):
        if v == v:
            left.text(float(v), i, f" {float(v):.1f}", va="center", fontsize=7)
    rate = s["solid_rate"].astype(float).fillna(0) * 100
    target = r.config.scoring.solid_target * 100
    right.barh(y, rate, color=[RED if v + 1e-9 >= target else GREY for v in rate])
    right.axvline(target, color=ACCENT, linestyle="--", linewidth=1)
    right.text(target + 1.5, 0.0, t("report.chart.target", lang, target=f"{target:.0f}%"), color=ACCENT,
               fontsize=7, ha="left", va="bottom", transform=right.get_xaxis_transform())
    right.set_xlim(0, 105)
    right.set_title(t("report.chart.solid_rate", lang) + " (%)", fontsize=10)
    if len(r.summary) > MAX_COMMITTEES:
        fig.suptitle(t("report.chart.more", lang, n=MAX_COMMITTEES), fontsize=8, x=0.99, ha="right")
    fig.tight_layout()
    return _png(fig)


def scatter(r: Report, lang: str) -> bytes:
    """P against B of the shown branches with the quadrant lines (the whole period's medians)."""
    plt = _pyplot()
    s = r.scores[r.scores["party_score"].notna() & r.scores["business_score"].notna()]
    if len(s) > MAX_POINTS:
        s = s.sample(MAX_POINTS, random_state=0)
    fig, ax = plt.subplots(figsize=(6.3, 3.6))
    committees_ = sorted(set(s["committee"].astype(str)))
    colours = plt.get_cmap("tab10")
    if len(committees_) <= 10:
        for i, c in enumerate(committees_):
            part = s[s["committee"] == c]
            ax.scatter(part["party_score"], part["business_score"], s=14, color=colours(i), label=safe.figure(c), alpha=0.85)
        ax.legend(fontsize=7, frameon=False, loc="best")
    else:
        ax.scatter(s["party_score"], s["business_score"], s=6, color=INK, alpha=0.5)
    if len(r.scores):
        p_line = r.scores["quadrant_p_threshold"].iloc[0]
        b_line = r.scores["quadrant_b_threshold"].iloc[0]
        if p_line == p_line:
            ax.axvline(float(p_line), color=GREY, linestyle="--", linewidth=1)
        if b_line == b_line:
            ax.axhline(float(b_line), color=GREY, linestyle="--", linewidth=1)
    ax.set_xlabel(t("report.chart.party", lang))
    ax.set_ylabel(t("report.chart.business", lang))
    fig.tight_layout()
    return _png(fig)


def all_figures(r: Report, lang: str) -> dict[str, bytes]:
    """Every chart of the report (none when the period has no branch)."""
    if r.empty:
        return {}
    return {"distributions": distributions(r, lang), "committees": committees(r, lang), "scatter": scatter(r, lang)}
