"""Pages in the anatomy of the official CMS (domain.md §5.3), built for scenario tests."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from tests.fakesite import FakeSite

SEED_TRADES: tuple[str, ...] = (
    "半导体芯片制造工",
    "电子产品制版工",
    "印刷电路制作工",
    "计算机程序设计员",
    "计算机软件测试员",
    "网络与信息安全管理员",
    "信息通信网络动力机务员",
    "信息通信网络终端维修员",
    "药物检验员",
    "化学合成制药工",
    "药物制剂工",
    "生化药品制造工",
    "金属船体制造工",
    "船舶机械装配工",
    "船舶电气装配工",
    "船舶木塑帆缆制造工",
    "飞机装配工",
    "航空发动机装配工",
    "飞机系统安装调试工",
    "航空电气安装调试工",
    "航空装配平衡工",
    "飞机外场调试与维护工",
    "汽车饰件制造工",
    "汽车装调工",
    "汽车生产线操作工",
    "车工",
    "钳工",
    "刨插工",
    "铣工",
    "焊工",
    "电工",
    "磨工",
    "镗工",
    "电切削工",
    "锻造工",
    "金属热处理工/热处理工",
    "模具工",
    "压缩机操作工",
    "起重工",
    "工业废水处理工",
    "冲压工",
    "多工序数控机床操作调整工",
    "电机制造工",
    "机床装调维修工",
    "仪器仪表维修工",
    "变电设备检修工",
    "工程机械维修工",
    "制冷空调系统安装维修工",
    "电梯安装维修工",
    "计量员",
    "化学检验员",
    "试验员",
    "无损检测员",
    "船舶甲板设备操作工",
    "船舶机舱设备操作工",
    "轨道列车司机",
    "动车组制修师",
    "铁路线桥工",
    "牵引电力线路安装维护工",
    "轨道交通信号工",
    "汽车维修工",
    "起重装卸机械操作工/内燃港机装卸机械司机/内燃装卸机械司机",
    "疫苗制品工",
)

SKILL_POINTS = {"五": 15, "四": 30, "三": 60, "二": 100, "一": 140}


def _chrome(title: str, pub_date: str, body: str, *, visits: int, doc_number: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="SiteIDCode" content="3100000087">
<meta name="SiteName" content="上海市人力资源和社会保障局">
<meta name="ColumnName" content="通知公告">
<meta name="ArticleTitle" content="{escape(title)}">
<meta name="PubDate" content="{pub_date}">
<meta name="ContentSource" content="上海市人力资源和社会保障局">
<title>{escape(title)}</title>
<script>var visits = {visits};</script></head>
<body><div class="header"><a href="/">首页</a> <a href="/tgsgg_17341/index.html">通知公告</a></div>
<div class="Article-title-zw"><h1>{escape(title)}</h1>
<label>文号：{doc_number}</label><label>发布日期：{pub_date[:10]}</label>
<span class="visit">浏览次数：{visits}</span></div>
<div id="ivs_content" class="Article_content trout-region-content">
<p>{doc_number}</p>
{body}
</div>
<div class="footer">主办：上海市人力资源和社会保障局 版权所有</div></body></html>"""


def catalogue_page(
    trades: Sequence[str],
    *,
    pub_date: str = "2026-06-13 14∶06",
    visits: int = 1171,
    doc_number: str = "沪人社职〔2026〕12号",
) -> str:
    """A catalogue in the seed-000 layout: 3 (序号, 名称) column pairs filled column-major."""
    per_column = (len(trades) + 2) // 3 if len(trades) > 62 else 31
    columns = [
        list(enumerate(trades, start=1))[i : i + per_column]
        for i in range(0, len(trades), per_column)
    ]
    rows = []
    for r in range(per_column):
        cells = []
        for col in columns[:3]:
            if r < len(col):
                number, name = col[r]
                cells.append(f"<td>{number}</td><td>{escape(name)}</td>")
            else:
                cells.append("<td>&nbsp;</td><td>&nbsp;</td>")
        cells += ["<td>&nbsp;</td><td>&nbsp;</td>"] * (3 - len(columns[:3]))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    header = "<tr>" + "<td>序号</td><td>职业工种名称</td>" * 3 + "</tr>"
    table = f"<table border='1'>{header}{''.join(rows)}</table>"
    body = f"<p>上海市高技能人才职业（工种）目录如下：</p>{table}"
    return _chrome(
        "上海市高技能人才职业工种目录", pub_date, body, visits=visits, doc_number=doc_number
    )


def points_page(
    points: dict[str, int] | None = None,
    *,
    pub_date: str = "2026-06-13 14∶06",
    visits: int = 88,
    doc_number: str = "沪人社规〔2026〕5号",
) -> str:
    """The skill-level points as numbered lines, as the current wording states them."""
    values = {**SKILL_POINTS, **(points or {})}
    body = (
        "<p>专业技术职称和技能等级指标最高分值140分。</p>"
        f"<p>1.技能等级五级，积{values['五']}分；</p>"
        f"<p>2.技能等级四级，积{values['四']}分；</p>"
        f"<p>3.技能等级三级，积{values['三']}分；</p>"
        f"<p>4.技能等级二级或中级专业技术职称，积{values['二']}分；</p>"
        f"<p>5.技能等级一级或高级专业技术职称，积{values['一']}分。</p>"
        "<p>申请人以中、高级专业技术职称和技能等级二级、一级申请积分的，最近1年内累计6个月在本市缴纳"
        "职工社会保险费基数应当不低于本市上年度城镇单位就业人员平均工资。</p>"
    )
    return _chrome(
        "上海市居住证积分技能等级分值", pub_date, body, visits=visits, doc_number=doc_number
    )


def official_sources(site: FakeSite, tmp_path: Path, *, catalogue_name: str = "") -> Path:
    """A sources.toml watching the fake official site's catalogue and points pages."""
    name = f'name = "{catalogue_name}"\n' if catalogue_name else ""
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f"""
[[source]]
id = "skill-trades"
{name}url = "{site.url("/catalogue.html")}"
kind = "catalogue"

[[source]]
id = "skill-points"
url = "{site.url("/points.html")}"
kind = "points"
""",
        encoding="utf-8",
    )
    return sources


def publish_official(site: FakeSite, tmp_path: Path, *, catalogue_name: str = "") -> Path:
    """The seed catalogue and points pages published, and the sources.toml watching them."""
    site.publish("/catalogue.html", catalogue_page(SEED_TRADES))
    site.publish("/points.html", points_page())
    return official_sources(site, tmp_path, catalogue_name=catalogue_name)
