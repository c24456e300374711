"""Persian names of the countries and blocs that country-position items name (decision 2)."""

from __future__ import annotations

COUNTRY_NAMES: dict[str, str] = {
    "AE": "امارات متحده عربی",
    "AU": "استرالیا",
    "BR": "برزیل",
    "BRICS": "بریکس",
    "BY": "بلاروس",
    "CA": "کانادا",
    "CN": "چین",
    "CU": "کوبا",
    "DE": "آلمان",
    "EG": "مصر",
    "EU": "اتحادیه اروپا",
    "FR": "فرانسه",
    "G7": "گروه هفت",
    "G77": "گروه ۷۷ و چین",
    "GB": "بریتانیا",
    "ID": "اندونزی",
    "IN": "هند",
    "IQ": "عراق",
    "JP": "ژاپن",
    "KP": "کره شمالی",
    "KR": "کره جنوبی",
    "MY": "مالزی",
    "NAM": "جنبش عدم تعهد",
    "NO": "نروژ",
    "OIC": "سازمان همکاری اسلامی",
    "PK": "پاکستان",
    "QA": "قطر",
    "RU": "روسیه",
    "SA": "عربستان سعودی",
    "SCO": "سازمان همکاری شانگهای",
    "SY": "سوریه",
    "TR": "ترکیه",
    "US": "ایالات متحده آمریکا",
    "VE": "ونزوئلا",
    "ZA": "آفریقای جنوبی",
}


def country_name(code: str) -> str:
    """The Persian name of ``code``, or the code itself when it is not in the table."""
    return COUNTRY_NAMES.get(code, code)
