"""Reposted rule texts in Traditional characters, or with pinyin or other anti-copy insertions,
read back in the Simplified characters of the official text.

The mapping is small and explicit: the characters these documents use (headings, indicator
names, the words of conditions and numbers), not a general converter. A character missing here
only costs a word in a condition sentence; every number and structural marker is covered.
"""

from __future__ import annotations

import re

# Pairs of (Traditional, Simplified), written as one string of pairs for review at a glance.
_PAIRS = (
    "齡龄標标準准項项體体積积歲岁證证繳缴納纳職职並并國国規规會会險险費费滿满學学歷历碩硕"
    "專专術术稱称級级資资業业員员類类獎奖勵励稅税額额戶户區区遠远點点務务應应屆届畢毕為为"
    "創创導导虛虚減减記记錄录劃划計计嚴严違违與与條条總总則则辦办書书關关於于發发實实細细"
    "據据範范圍围數数達达須须當当對对將将從从進进內内時时間间現现過过還还這这個个們们來来"
    "經经濟济單单際际問问題题請请處处設设組组織织構构機机場场認认識识護护產产權权種种動动"
    "勞劳調调選选優优獲获頒颁續续繼继維维歸归負负責责貢贡獻献審审驗验檢检測测網网絡络擔担"
    "報报給给預预顧顾較较難难變变離离結结紀纪階阶層层屬属長长門门開开億亿萬万雙双幣币舊旧"
    "視视觀观親亲語语說说讀读讓让訂订許许諮咨詢询豐丰貫贯購购質质車车輸输邊边連连週周運运"
    "遞递適适醫医錢钱錯错閱阅隨随雖虽雜杂電电頁页順顺領领頭头顯显風风養养館馆髮发齊齐習习"
    "亂乱爭争價价兒儿兩两農农參参啟启圖图團团壓压聲声備备複复夠够婦妇寫写師师帶带幫帮幹干"
    "幾几廳厅廠厂廢废廣广張张強强徑径復复徵征態态憲宪懷怀戰战擁拥擇择擊击數数斷断晉晋暫暂"
    "東东極极樓楼樂乐歡欢殘残氣气沒没決决況况滅灭無无熱热營营獨独畫画異异療疗盡尽監监盤盘"
    "眾众確确礎础禮礼穩稳競竞筆笔節节築筑簡简糧粮紅红約约純纯紙纸線线終终絕绝統统絲丝綜综"
    "綠绿緊紧績绩聯联聽听臨临舉举藝艺藥药號号補补製制見见覽览訊讯訴诉評评試试詳详誤误課课"
    "談谈論论諾诺講讲議议財财貨货貿贸賽赛贊赞趕赶跡迹軌轨軟软載载輔辅輛辆輪轮辭辞遊游遺遗"
    "鄰邻釋释鉅巨銀银銷销鋼钢鎮镇陸陆陳陈隱隐靜静響响題题颁颁驅驱麼么鬥斗齒齿罰罚員员務务"
    "權权構构戶户籍籍偶偶證证姻姻婚婚簽签僱雇傭佣聘聘稱称級级蘇苏滬沪鄉乡縣县鎮镇區区屬属"
    "軍军騎骑檔档條条據据爲为衛卫環环潔洁醫医療疗學学術术憑凭團团隊队闆板闊阔陽阳陰阴災灾"
    "雲云頻频額额億亿聞闻興兴舊旧華华協协權权歐欧勝胜鬧闹龍龙龜龟麵面傳传倫伦僅仅儘尽優优"
    "償偿則则剛刚勢势勸劝匯汇廳厅啓启噸吨圓圆墊垫壞坏壯壮夥伙奪夺奮奋媽妈孫孙寧宁寶宝尋寻"
    "島岛帳帐廬庐彈弹徹彻懸悬戲戏掃扫攜携敗败敵敌槍枪殺杀溝沟燈灯牆墙狀状盜盗稱称穀谷範范"
    "紐纽鬆松綫线緣缘縮缩績绩繪绘總总繁繁罷罢腦脑膽胆腳脚艦舰蟲虫襯衬覺觉觸触訓训託托討讨"
    "診诊詞词誠诚誰谁謀谋謂谓謝谢譯译譜谱豬猪負负貧贫貴贵費费賠赔賬账賴赖趨趋蹤踪躍跃轉转"
    "辯辩遲迟鄭郑醜丑釐厘鈔钞鐘钟鐵铁閉闭閒闲闡阐陣阵陝陕隸隶雞鸡韓韩頂顶頓顿頗颇頸颈顆颗"
    "飛飞飯饭飲饮驚惊魚鱼鳥鸟鹽盐麥麦黃黄黨党齋斋覈核劑剂剝剥勁劲匱匮卻却厲厉嚮向"
)
_TABLE = str.maketrans({_PAIRS[i]: _PAIRS[i + 1] for i in range(0, len(_PAIRS), 2)})

# Pinyin inserted after a character, "標(biāo)準(zhǔn)": letters with tone marks in brackets.
_PINYIN = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"
_RUBY = re.compile(rf"(?<=[\u4e00-\u9fff])\s*[(（][{_PINYIN}]{{1,8}}[)）]")
# Invisible characters some reposts sprinkle between words to defeat copying.
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")


def to_simplified(text: str) -> str:
    """The Simplified reading of the characters the mapping knows; others are left as they are."""
    return text.translate(_TABLE)


def strip_insertions(text: str) -> str:
    """Text without pinyin rubies and invisible anti-copy characters."""
    return _RUBY.sub("", _INVISIBLE.sub("", text))


def read_hanzi(text: str) -> str:
    """Both: the reading a rule text is parsed from."""
    return to_simplified(strip_insertions(text))
