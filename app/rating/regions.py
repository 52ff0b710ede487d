"""Regions: a 6-digit mainland administrative code; the five separately listed cities (深圳,
厦门, 大连, 青岛, 宁波) match on their 4-digit prefix before the province's 2 digits."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from app.core.errors import InvalidInput

T = TypeVar("T")


def lookup(region: str, table: Mapping[str, T], what: str) -> tuple[str, T]:
    for prefix in (region[:4], region[:2]):
        if prefix in table:
            return prefix, table[prefix]
    raise InvalidInput(
        f"Region {region} has no {what} in this rate table; check the region code (6 digits, e.g. 110000).",
        zh=f"地区代码 {region} 在费率表中没有{what}，请核对地区代码（6 位，如 110000）。",
    )


def lookup_optional(region: str, table: Mapping[str, T]) -> T | None:
    for prefix in (region[:4], region[:2]):
        if prefix in table:
            return table[prefix]
    return None


# The 36 regulatory regions by code prefix: their names as people write them, for the worksheet
# and the printed documents ("region 11" means nothing to a customer; 北京市 does).
REGION_NAMES: dict[str, tuple[str, str]] = {
    "11": ("北京市", "Beijing"),
    "12": ("天津市", "Tianjin"),
    "13": ("河北省", "Hebei"),
    "14": ("山西省", "Shanxi"),
    "15": ("内蒙古自治区", "Inner Mongolia"),
    "21": ("辽宁省", "Liaoning"),
    "2102": ("大连市", "Dalian"),
    "22": ("吉林省", "Jilin"),
    "23": ("黑龙江省", "Heilongjiang"),
    "31": ("上海市", "Shanghai"),
    "32": ("江苏省", "Jiangsu"),
    "33": ("浙江省", "Zhejiang"),
    "3302": ("宁波市", "Ningbo"),
    "34": ("安徽省", "Anhui"),
    "35": ("福建省", "Fujian"),
    "3502": ("厦门市", "Xiamen"),
    "36": ("江西省", "Jiangxi"),
    "37": ("山东省", "Shandong"),
    "3702": ("青岛市", "Qingdao"),
    "41": ("河南省", "Henan"),
    "42": ("湖北省", "Hubei"),
    "43": ("湖南省", "Hunan"),
    "44": ("广东省", "Guangdong"),
    "4403": ("深圳市", "Shenzhen"),
    "45": ("广西壮族自治区", "Guangxi"),
    "46": ("海南省", "Hainan"),
    "50": ("重庆市", "Chongqing"),
    "51": ("四川省", "Sichuan"),
    "52": ("贵州省", "Guizhou"),
    "53": ("云南省", "Yunnan"),
    "54": ("西藏自治区", "Tibet"),
    "61": ("陕西省", "Shaanxi"),
    "62": ("甘肃省", "Gansu"),
    "63": ("青海省", "Qinghai"),
    "64": ("宁夏回族自治区", "Ningxia"),
    "65": ("新疆维吾尔自治区", "Xinjiang"),
}


def region_name(region: str, lang: str = "zh") -> str:
    """The regulatory region a 6-digit code (or a 2- or 4-digit prefix) falls in, by name: the
    separately listed city first, then the province; the code itself only when it is unknown."""
    for prefix in (region[:4], region[:2]):
        if prefix in REGION_NAMES:
            zh, en = REGION_NAMES[prefix]
            return zh if lang.startswith("zh") else en
    return region
