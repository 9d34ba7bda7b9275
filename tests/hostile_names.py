"""Hostile names: what a careless or hostile workbook may call a committee, a branch, an
indicator or a dimension, or write as a veto reason. Shared by the unit tests (tests/test_safe.py)
and tests/browser/test_hostile_names.py, which walks every view in Chromium on a store built
from them (tests/hostile_store.py).

Every name must reach the screen as the text it is: no link, image, markup, script or template
substitution made from it, no request to the address it names.
"""

from __future__ import annotations

OUTSIDE = "http://203.0.113.7"  # TEST-NET-3: never routed; a request to it is a leak
LONG = "长" * 990 + "0123456789"  # 1,000 characters

NAMES: tuple[str, ...] = (
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    f"[点我]({OUTSIDE}/x)",
    f"![i]({OUTSIDE}/i.png)",
    f'<a href="{OUTSIDE}/a">点我</a>',
    "<b>粗</b><br>换行<i>斜</i><sub>下</sub><sup>上</sup>",
    '<span style="font-size:80px;color:red">大</span>',
    "A/B党委",
    "机关/第一党支部/二",
    "\u202e支部部支\u202c",
    "\u200f右\u200e左\u061c",
    LONG,
    "%{x}%{customdata[0]}%{y:.1f}",
    "&lt;b&gt;already escaped&amp;",
    ":red[红字] :material/warning: $x^2$",
    f"{OUTSIDE}/bare www.example.com a@example.com",
    "# 标题\n> 引用\n- 列表",
    "`code` *强调* _下划线_ ~~删除~~",
    "=HYPERLINK(\"http://203.0.113.7\",\"x\")",
)
"""Each a single name; committees, branches, indicators and dimensions are drawn from it."""

LINK_MARKERS = ("<a", "<img", "<script", "<svg", "<span", "<b>", "<i>", "<sub>")
"""Markup that must never appear live (unescaped) in a rendered text."""
