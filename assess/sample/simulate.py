"""The sample's organisation and its simulated scores: 31 branches under 4 committees, 2024Q1–2025Q4.

Scores follow a hidden quality per branch (with improving, declining and "两张皮" branches), a few
vetoes, bonuses and N/A business cells for office branches. :func:`sample_frames` gives the true
values that reading the sample workbooks must reproduce.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import pandas as pd

from assess.indicators import BUSINESS, PARTY, Indicator, of_category


QUARTERS = tuple(f"{y}Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4))
COMPANY = "恒信实业集团"

OFFICE, PRODUCTION, SALES, TECH = "office", "production", "sales", "tech"
NOT_APPLICABLE_FOR_OFFICE = ("利润完成", "收入完成")


@dataclass(frozen=True)
class Branch:
    """A branch of the sample. ``kind`` office branches have no profit/revenue indicators."""

    committee: str
    general_branch: str | None
    name: str
    kind: str
    since: str = QUARTERS[0]  # first quarter assessed


def _branches() -> tuple[Branch, ...]:
    rows = [
        ("机关党委", None, OFFICE, ["综合办公室党支部", "党群工作部党支部", "财务部党支部",
                                   "人力资源部党支部", "纪检监察室党支部", "规划发展部党支部",
                                   "法律合规部党支部"]),
        ("生产运营党委", "第一分厂党总支", PRODUCTION, ["一车间党支部", "二车间党支部", "三车间党支部"]),
        ("生产运营党委", "第二分厂党总支", PRODUCTION, ["四车间党支部", "五车间党支部"]),
        ("生产运营党委", None, PRODUCTION, ["设备维修党支部", "质量检测中心党支部"]),
        ("生产运营党委", None, OFFICE, ["安全环保部党支部"]),
        ("生产运营党委", None, PRODUCTION, ["物流运输党支部"]),
        ("市场营销党委", None, SALES, ["销售一部党支部", "销售二部党支部", "销售三部党支部",
                                      "客户服务中心党支部", "电子商务部党支部"]),
        ("市场营销党委", "华东区域党总支", SALES, ["上海分公司党支部", "南京分公司党支部",
                                                 "杭州分公司党支部"]),
        ("市场营销党委", None, OFFICE, ["综合办公室党支部"]),
        ("科技研发党委", None, TECH, ["研发中心第一党支部", "研发中心第二党支部", "技术中心党支部"]),
        ("科技研发党委", None, OFFICE, ["信息中心党支部"]),
        ("科技研发党委", None, TECH, ["工程项目部党支部"]),
    ]
    out = []
    for committee, general, kind, names in rows:
        for name in names:
            since = "2024Q3" if name == "电子商务部党支部" else QUARTERS[0]
            out.append(Branch(committee, general, name, kind, since))
    return tuple(out)


BRANCHES: tuple[Branch, ...] = _branches()
COMMITTEES: tuple[str, ...] = tuple(dict.fromkeys(b.committee for b in BRANCHES))

NEW_BRANCH_NOTE = "新成立支部，首次参加考核"
COMBINED_QUARTER = "2024Q4"  # written as one combined sheet: no veto or note that quarter

# Per-indicator difficulty: added to the rate of every branch.
_DIFFICULTY = {
    "组织设置": 0.03, "班子建设": 0.01, "党员发展": -0.03, "教育培训": 0.0, "三会一课": 0.02,
    "主题党日": 0.01, "先锋攻坚": -0.03, "群众满意": -0.01, "制度执行": 0.0, "阵地经费": 0.02,
    "利润完成": -0.03, "收入完成": -0.01, "成本控制": 0.0, "安全生产": 0.08, "重点任务": 0.0,
    "质量服务": 0.02,
}
_NOISE = {"利润完成": 0.07, "收入完成": 0.05, "安全生产": 0.015}


@dataclass
class Entry:
    """What one branch got in one category of one quarter (scores: None = 不适用)."""

    quarter: str
    branch: Branch
    category: str
    scores: dict[str, float | None]
    bonus: float = 0.0
    deduction: float = 0.0
    veto: str | None = None
    note: str | None = None


@dataclass
class _Latent:
    party: float
    business: float
    trend_party: float = 0.0
    trend_business: float = 0.0
    profile: str = "normal"  # normal | improving | declining | party_strong | business_strong


def _latents(rng: random.Random) -> dict[Branch, _Latent]:
    """Quality and trend of each branch: most branches integrated (P and B correlated), some
    improving or declining, two pairs showing "两张皮"."""
    out = {}
    for b in BRANCHES:
        p = rng.gauss(0, 1)
        out[b] = _Latent(p, 0.8 * p + rng.gauss(0, 0.45),
                         rng.gauss(0, 0.002), rng.gauss(0, 0.002))
    order = list(BRANCHES)
    rng.shuffle(order)
    for b in order[0:4]:
        out[b].trend_party, out[b].trend_business, out[b].profile = 0.011, 0.012, "improving"
        out[b].party -= 0.6
    for b in order[4:8]:
        out[b].trend_party, out[b].trend_business, out[b].profile = -0.011, -0.012, "declining"
        out[b].party += 0.4
    for b in order[8:10]:
        out[b].party, out[b].business, out[b].profile = 1.2, -1.4, "party_strong"
    for b in [x for x in order[10:] if x.kind != OFFICE][:2]:
        out[b].party, out[b].business, out[b].profile = -1.4, 1.2, "business_strong"
    return out


def _score(rng: random.Random, ind: Indicator, rate: float) -> float:
    rate += _DIFFICULTY.get(ind.name, 0.0) + rng.gauss(0, _NOISE.get(ind.name, 0.03))
    value = round(min(1.0, max(0.35, rate)) * ind.full_mark, 1)
    if value >= ind.full_mark and rng.random() < 0.6:  # full marks are rare in practice
        value = round(ind.full_mark - rng.choice((0.2, 0.5, 1.0)), 1)
    return value


_VETOES = (  # (category, reason, kinds it can happen to)
    (BUSINESS, "发生一般安全生产责任事故", (PRODUCTION,)),
    (PARTY, "违反中央八项规定精神", (OFFICE, SALES, PRODUCTION, TECH)),
    (BUSINESS, "发生较大质量事故，造成不良社会影响", (PRODUCTION, TECH)),
    (PARTY, "支部书记严重违纪被立案审查", (OFFICE, SALES, TECH)),
)
_BONUS_NOTES = ("获评公司“红旗党支部”", "党员突击队完成抢修任务", "获省级“五一劳动奖状”",
                "合理化建议获公司一等奖")
_DEDUCTION_NOTES = ("党费收缴不及时", "主题党日记录缺失", "重点任务延期")


def simulate(seed: int = 2025) -> list[Entry]:
    """Every entry of the sample, in quarter, branch, category order (deterministic)."""
    rng = random.Random(seed)
    latent = _latents(rng)
    veto_plan = {}
    veto_quarters = [q for q in QUARTERS if q != COMBINED_QUARTER]
    for category, reason, kinds in _VETOES:
        quarter = rng.choice(veto_quarters)
        branch = rng.choice([b for b in BRANCHES if b.kind in kinds and b.since <= quarter])
        veto_plan[(quarter, branch, category)] = reason
    entries = []
    for t, quarter in enumerate(QUARTERS):
        for branch in BRANCHES:
            if branch.since > quarter:
                continue
            lat = latent[branch]
            shock = rng.gauss(0, 0.012)
            for category in (PARTY, BUSINESS):
                if category == PARTY:
                    rate = 0.93 + 0.03 * lat.party + lat.trend_party * (t - 3.5) + shock
                else:
                    rate = 0.86 + 0.05 * lat.business + lat.trend_business * (t - 3.5) + shock
                    if branch.kind == OFFICE:  # their applicable indicators are the easy ones
                        rate -= 0.025
                veto = veto_plan.get((quarter, branch, category))
                scores: dict[str, float | None] = {}
                for ind in of_category(category):
                    if branch.kind == OFFICE and ind.name in NOT_APPLICABLE_FOR_OFFICE:
                        scores[ind.name] = None
                    elif veto and ind.name == "安全生产" and "安全" in veto:
                        scores[ind.name] = round(rng.uniform(3, 6), 1)
                    else:
                        scores[ind.name] = _score(rng, ind, rate - (0.05 if veto else 0.0))
                entry = Entry(quarter, branch, category, scores, veto=veto)
                _adjustments(rng, entry, quarter)
                entries.append(entry)
    return entries


def _adjustments(rng: random.Random, entry: Entry, quarter: str) -> None:
    """Bonus, deduction and notes (none in the combined quarter, whose 备注 is not per category)."""
    roll = rng.random()
    if roll < 0.16:
        big = 6.0 if entry.category == PARTY else 2.5  # a party bonus above the cap of 5
        entry.bonus = rng.choice((0.5, 1.0, 1.0, 1.5, 2.0, 3.0, big))
        if rng.random() < 0.5:
            entry.note = rng.choice(_BONUS_NOTES)
    elif roll < 0.26:
        entry.deduction = rng.choice((0.5, 1.0, 1.0, 2.0))
        if rng.random() < 0.4:
            entry.note = rng.choice(_DEDUCTION_NOTES)
    if entry.veto:
        entry.deduction = max(entry.deduction, 5.0)
        entry.note = None
    if entry.category == PARTY and quarter == entry.branch.since and quarter != QUARTERS[0]:
        entry.note = NEW_BRANCH_NOTE
    if quarter == COMBINED_QUARTER:
        entry.note = None


def category_score(entry: Entry, bonus_cap: float = 5.0) -> float | None:
    """SPEC §3.1 score S of one entry (P or B), for checking the sample's realism; None when no
    indicator applies."""
    applicable = [(v, i.full_mark) for i in of_category(entry.category)
                  if (v := entry.scores[i.name]) is not None]
    if not applicable:
        return None
    rate = sum(v for v, _ in applicable) / sum(m for _, m in applicable)
    return max(0.0, 100 * rate + min(entry.bonus, bonus_cap) - entry.deduction)


def sample_frames(seed: int = 2025) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The true values of the sample as (entries, scores).

    entries: quarter, committee, general_branch, branch, category, bonus, deduction, veto_reason,
    note — one row per (quarter, committee, branch, category).
    scores: quarter, committee, branch, category, indicator, dimension, full_mark,
    score (NaN = 不适用), position (0-based column order within the category) — one row per indicator of each entry.
    """
    entry_rows, score_rows = [], []
    for e in simulate(seed):
        b = e.branch
        entry_rows.append({
            "quarter": e.quarter, "committee": b.committee, "general_branch": b.general_branch,
            "branch": b.name, "category": e.category, "bonus": float(e.bonus),
            "deduction": float(e.deduction), "veto_reason": e.veto, "note": e.note,
        })
        for pos, ind in enumerate(of_category(e.category)):
            value = e.scores[ind.name]
            score_rows.append({
                "quarter": e.quarter, "committee": b.committee, "branch": b.name,
                "category": e.category, "indicator": ind.name, "dimension": ind.dimension,
                "full_mark": float(ind.full_mark), "score": math.nan if value is None else value,
                "position": pos,
            })
    return pd.DataFrame(entry_rows), pd.DataFrame(score_rows)
