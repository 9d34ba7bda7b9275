"""The default indicator catalog (SPEC §4): the one place the template, the sample and the views
take their indicators from.

An indicator is (category, dimension, name, full mark, description); the category is ``party``
(党建) or ``business`` (业务). The catalog is an ordered tuple: the order is the column order of the
template's sheets.
"""

from __future__ import annotations

from dataclasses import dataclass

PARTY = "party"
BUSINESS = "business"
CATEGORIES = (PARTY, BUSINESS)

CATEGORY_LABELS = {PARTY: "党建", BUSINESS: "业务"}
"""Short Chinese name of each category (the 类别 column of 指标说明)."""

CATEGORY_SHEETS = {PARTY: "党建考核", BUSINESS: "业务考核"}
"""The template's sheet name of each category."""


@dataclass(frozen=True)
class Indicator:
    """One assessed item. ``full_mark`` in points; ``dimension`` None means its own dimension."""

    category: str
    dimension: str | None
    name: str
    full_mark: float
    description: str = ""

    @property
    def header(self) -> str:
        """The template's column header: ``三会一课(12分)``."""
        return f"{self.name}({self.full_mark:g}分)"


DEFAULT_INDICATORS: tuple[Indicator, ...] = (
    Indicator(PARTY, "基本组织", "组织设置", 8,
              "支部按期换届，支委会设置和委员配备齐全，党员组织关系管理规范。"),
    Indicator(PARTY, "基本组织", "班子建设", 7,
              "支部书记和支委认真履职，班子团结、分工明确，落实“一岗双责”。"),
    Indicator(PARTY, "基本队伍", "党员发展", 10,
              "按“十六字方针”和规定程序发展党员，积极分子培养考察记录完整。"),
    Indicator(PARTY, "基本队伍", "教育培训", 10,
              "党员集中学习和培训学时达标，学习有计划、有记录、有成效。"),
    Indicator(PARTY, "基本活动", "三会一课", 12,
              "支部党员大会、支委会、党小组会和党课按期召开，会议记录齐全。"),
    Indicator(PARTY, "基本活动", "主题党日", 8,
              "每月开展主题党日活动，主题鲜明、形式多样，党员参与率高。"),
    Indicator(PARTY, "基本作用", "先锋攻坚", 12,
              "党员先锋岗、责任区和攻坚项目发挥作用，党员在急难险重任务中冲锋在前。"),
    Indicator(PARTY, "基本作用", "群众满意", 8,
              "联系服务职工群众，以季度群众满意度测评结果计分。"),
    Indicator(PARTY, "基本制度", "制度执行", 15,
              "组织生活会、民主评议党员、谈心谈话、党费收缴等制度执行到位。"),
    Indicator(PARTY, "基本保障", "阵地经费", 10,
              "党员活动阵地建设规范，党建工作经费足额保障、使用合规。"),
    Indicator(BUSINESS, "经营效益", "利润完成", 30,
              "季度利润指标完成率按考核口径折算得分；不承担利润指标的部门填“不适用”。"),
    Indicator(BUSINESS, "经营效益", "收入完成", 20,
              "季度营业收入指标完成率折算得分；不承担收入指标的部门填“不适用”。"),
    Indicator(BUSINESS, "成本控制", "成本控制", 15,
              "费用预算执行情况及降本增效措施落实情况。"),
    Indicator(BUSINESS, "安全生产", "安全生产", 15,
              "安全生产责任制落实，无安全事故，隐患整改及时。"),
    Indicator(BUSINESS, "重点任务", "重点任务", 10,
              "公司下达的季度重点工作任务完成进度和质量。"),
    Indicator(BUSINESS, "质量服务", "质量服务", 10,
              "产品质量、服务质量及内外部客户满意度。"),
)


def of_category(category: str, indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS
                ) -> tuple[Indicator, ...]:
    """The indicators of one category, in catalog order."""
    return tuple(i for i in indicators if i.category == category)


def dimension_groups(indicators: tuple[Indicator, ...]) -> list[tuple[str | None, list[Indicator]]]:
    """Consecutive runs of indicators sharing a dimension: ``[(dimension, [indicator, …]), …]``."""
    groups: list[tuple[str | None, list[Indicator]]] = []
    for ind in indicators:
        if groups and groups[-1][0] == ind.dimension and ind.dimension is not None:
            groups[-1][1].append(ind)
        else:
            groups.append((ind.dimension, [ind]))
    return groups
