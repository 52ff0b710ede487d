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


# The regions' names in English, for the English worksheet (the rate table names them in Chinese):
# provinces by the first two digits of their code, the five separately listed cities by four.
REGION_NAMES_EN: dict[str, str] = {
    "11": "Beijing",
    "12": "Tianjin",
    "13": "Hebei",
    "14": "Shanxi",
    "15": "Inner Mongolia",
    "21": "Liaoning",
    "2102": "Dalian",
    "22": "Jilin",
    "23": "Heilongjiang",
    "31": "Shanghai",
    "32": "Jiangsu",
    "33": "Zhejiang",
    "3302": "Ningbo",
    "34": "Anhui",
    "35": "Fujian",
    "3502": "Xiamen",
    "36": "Jiangxi",
    "37": "Shandong",
    "3702": "Qingdao",
    "41": "Henan",
    "42": "Hubei",
    "43": "Hunan",
    "44": "Guangdong",
    "4403": "Shenzhen",
    "45": "Guangxi",
    "46": "Hainan",
    "50": "Chongqing",
    "51": "Sichuan",
    "52": "Guizhou",
    "53": "Yunnan",
    "54": "Tibet",
    "61": "Shaanxi",
    "62": "Gansu",
    "63": "Qinghai",
    "64": "Ningxia",
    "65": "Xinjiang",
}
