"""Benchmark: read_workbook against a raw python-calamine read of the same workbook.

Generates a combined workbook of BRANCHES branches × 16 indicators (10 party + 6 business, one
sheet each, template layout with merged committees) with xlsxwriter, then prints the best of 3
for a plain ``CalamineWorkbook → to_python()`` of every sheet and for ``read_workbook``.

    .venv/bin/python scripts/bench_read.py [BRANCHES] [REPEAT]
"""

from __future__ import annotations

import io
import random
import sys
import time
from pathlib import Path

import python_calamine as pc
import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assess.workbook import read_workbook  # noqa: E402

PARTY = [("基本组织", "组织设置", 8), ("基本组织", "班子建设", 7), ("基本队伍", "党员发展", 10),
         ("基本队伍", "教育培训", 10), ("基本活动", "三会一课", 12), ("基本活动", "主题党日", 8),
         ("基本作用", "先锋攻坚", 12), ("基本作用", "群众满意", 8), ("基本制度", "制度执行", 15),
         ("基本保障", "阵地经费", 10)]
BUSINESS = [("经营效益", "利润完成", 30), ("经营效益", "收入完成", 20), ("成本控制", "成本控制", 15),
            ("安全生产", "安全生产", 15), ("重点任务", "重点任务", 10), ("质量服务", "质量服务", 10)]


def make_workbook(branches: int, seed: int = 1) -> bytes:
    """xlsx bytes: 党建考核 and 业务考核 sheets with ``branches`` rows each, plus 指标说明."""
    rng = random.Random(seed)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    per_committee = 250
    for sheet_name, indicators in (("党建考核", PARTY), ("业务考核", BUSINESS)):
        ws = book.add_worksheet(sheet_name)
        width = 3 + len(indicators) + 4
        ws.merge_range(0, 0, 0, width - 1, "XX公司2025年第三季度党支部考核表")
        header = ["党委", "总支", "支部"] + [f"{name}({mark}分)" for _, name, mark in indicators] \
            + ["加分", "扣分", "否决事项", "备注"]
        col = 3
        for dim in dict.fromkeys(d for d, _, _ in indicators):
            span = sum(1 for d, _, _ in indicators if d == dim)
            if span > 1:
                ws.merge_range(1, col, 1, col + span - 1, dim)
            else:
                ws.write(1, col, dim)
            col += span
        ws.write_row(2, 0, header)
        for start in range(0, branches, per_committee):
            end = min(start + per_committee, branches) - 1
            name = f"第{start // per_committee + 1}党委"
            if end > start:
                ws.merge_range(3 + start, 0, 3 + end, 0, name)
            else:
                ws.write(3 + start, 0, name)
        for i in range(branches):
            r = 3 + i
            ws.write(r, 2, f"第{i + 1}党支部")
            scores = [round(rng.uniform(0.5, 1.0) * mark, 1) for _, _, mark in indicators]
            ws.write_row(r, 3, scores)
            ws.write(r, 3 + len(indicators), rng.choice([0, 0, 0, 1, 2]))
    ws = book.add_worksheet("指标说明")
    ws.write_row(0, 0, ["类别", "维度", "指标", "满分", "说明"])
    for i, (dim, name, mark) in enumerate(PARTY + BUSINESS):
        ws.write_row(i + 1, 0, ["党建" if i < len(PARTY) else "业务", dim, name, mark, ""])
    book.close()
    return out.getvalue()


def raw_read(content: bytes) -> int:
    """Every sheet through python-calamine to_python(); returns the number of rows read."""
    book = pc.CalamineWorkbook.from_filelike(io.BytesIO(content))
    n = sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)
    book.close()
    return n


def best_of(fns, repeat: int = 3) -> list[float]:
    """Best wall time of each function over ``repeat`` rounds, run interleaved so that a noisy
    neighbour on the machine slows both alike."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def main() -> None:
    branches = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    content = make_workbook(branches)
    result = read_workbook(content, "2025Q3.xlsx")
    assert result.ok, [p.render("en") for p in result.problems[:5]]
    assert len(result.scores) == branches * 16, len(result.scores)
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    raw, ours = best_of([lambda: raw_read(content),
                         lambda: read_workbook(content, "2025Q3.xlsx")], repeat)
    print(f"workbook: {branches} branches × 16 indicators, {len(content) / 1e6:.1f} MB")
    print(f"raw calamine to_python: {raw:.3f} s (best of {repeat})")
    print(f"read_workbook:          {ours:.3f} s (best of {repeat})")
    print(f"ratio:                  {ours / raw:.2f}")


if __name__ == "__main__":
    main()
