"""Synthetic catalogue pages for the benchmarks: 30–80 KB, half of them GBK-encoded."""

from __future__ import annotations

import random
from html import escape

CATEGORIES = (
    "农业技术类",
    "城市轨道交通运输类",
    "水上运输类",
    "电子信息类",
    "装备制造类",
    "医药卫生类",
)
SYLLABLES = "机电控制工程设备信息网络数据软件系统安装维修检测制造装配调试操作运行管理技术服务化学药品材料航空船舶汽车"


def _major(rng: random.Random, i: int) -> tuple[str, str, str]:
    name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 7))) + f"专业{i}"
    code = f"{rng.randint(51, 59)}{rng.randint(1000, 9999)}00"
    return code, name, rng.choice(CATEGORIES)


def _chrome(rng: random.Random, target_bytes: int) -> str:
    """Navigation, scripts and footer links: the bulk of a real official page's weight."""
    parts = ['<ul class="nav">']
    size = 0
    while size < target_bytes:
        column = rng.randint(17000, 17999)
        item = (
            f'<li><a href="/t{column}_{column}/index.html" title="栏目{column}">'
            f"{''.join(rng.choice(SYLLABLES) for _ in range(6))}</a></li>"
        )
        parts.append(item)
        size += len(item.encode())
    parts.append("</ul>")
    return "".join(parts)


def page_bytes(index: int, revision: int) -> tuple[bytes, str]:
    """The page of source `index` at `revision`, and its Content-Type.

    Real catalogue pages carry 60–200 rows (the 63 trades, the 105 majors) inside 30–80 KB of
    page: the table is a fraction of the bytes, the rest is navigation, scripts and footer.
    """
    rng = random.Random(index)
    rows = [_major(rng, i) for i in range(1, rng.randint(61, 201))]
    if revision:
        change = random.Random(index * 7919 + revision)
        rows.pop(change.randrange(len(rows)))
        rows.append((f"5999{index % 10000:04d}", f"新增专业{revision}", CATEGORIES[0]))
    body_rows = "".join(
        f"<tr><td>{n}</td><td>{code}</td><td>{escape(name)}</td><td>{cat}</td></tr>"
        for n, (code, name, cat) in enumerate(rows, start=1)
    )
    is_gbk = index % 2 == 1
    charset = "gbk" if is_gbk else "utf-8"
    html = (
        f'<!DOCTYPE html><html><head><meta charset="{charset}">'
        f'<meta name="ArticleTitle" content="紧缺急需专业目录 {index}">'
        '<meta name="PubDate" content="2026-06-13 14∶06">'
        f"<title>紧缺急需专业目录 {index}</title></head><body>"
        '<div class="nav"><a href="/">首页</a></div>'
        f'<div id="ivs_content"><p>本市紧缺急需专业目录（第{index}号）如下：</p>'
        "<table><tr><td>序号</td><td>专业代码</td><td>专业名称</td><td>所属类别</td></tr>"
        f"{body_rows}</table></div>"
        f"{_chrome(rng, rng.randint(24_000, 60_000))}"
        f'<div class="footer">浏览次数：{rng.randint(1, 9999)}</div></body></html>'
    )
    return html.encode("gb18030" if is_gbk else "utf-8"), f"text/html; charset={charset}"
