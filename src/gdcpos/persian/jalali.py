"""Jalali (Solar Hijri) dates, the calendar of every date in the workspace.

The calendar arithmetic is persiantools'; this module adds parsing of the spellings people
type, error messages that say what is wrong, Persian formatting and a pydantic field type.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from typing import Any, Final

from persiantools.jdatetime import JalaliDate as _PTJalaliDate
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from gdcpos.persian.text import to_persian_digits

__all__ = ["JalaliDate"]

MONTH_NAMES_FA: Final = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
MONTH_NAMES_EN: Final = (
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
)
_GREGORIAN_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# A year of 1700 or more in the input is Gregorian, so a JalaliDate stays below it: every
# JalaliDate's isoformat() then parses back to the same date.
FIRST_GREGORIAN_YEAR: Final = 1700
_LAST_JALALI_YEAR: Final = FIRST_GREGORIAN_YEAR - 1

_DATE_FORM: Final = "a Jalali date such as 1402-01-15"
_EXPECTED: Final = f"expected {_DATE_FORM}"
_TO_ASCII_DIGITS: Final = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "0123456789" * 2)
_SHAPE: Final = re.compile(r"([0-9]{4})([-/])([0-9]{1,2})\2([0-9]{1,2})")
# Spaces and the invisible direction marks that come with text copied from right-to-left editors.
_SURROUNDING: Final = " \t\r\n\u00a0\u200e\u200f\u061c"
_ANY_DIGIT: Final = "[0-9\u06f0-\u06f9\u0660-\u0669]"
_INPUT_PATTERN: Final = rf"^\s*{_ANY_DIGIT}{{4}}[-/]{_ANY_DIGIT}{{1,2}}[-/]{_ANY_DIGIT}{{1,2}}\s*$"
_ISO_PATTERN: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _days_in_jalali_month(year: int, month: int) -> int:
    return _PTJalaliDate.days_in_month(month, year)


def _jalali_to_gregorian(year: int, month: int, day: int) -> datetime.date:
    pt_date: Any = _PTJalaliDate
    gregorian: datetime.date = pt_date(year, month, day).to_gregorian()
    return gregorian


def _gregorian_to_jalali(value: datetime.date) -> tuple[int, int, int]:
    pt_date: Any = _PTJalaliDate
    converted = pt_date.to_jalali(value)
    return int(converted.year), int(converted.month), int(converted.day)


def _iso(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


@dataclass(frozen=True, order=True, slots=True)
class JalaliDate:
    """A valid date of the Jalali calendar, years 1 to 1699; ordered and hashable."""

    year: int
    month: int
    day: int

    def __post_init__(self) -> None:
        if not 1 <= self.year <= _LAST_JALALI_YEAR:
            raise ValueError(
                f"{_iso(self.year, self.month, self.day)} is out of range: "
                f"Jalali years are 1 to {_LAST_JALALI_YEAR}"
            )
        if not 1 <= self.month <= 12:
            raise ValueError(
                f"{_iso(self.year, self.month, self.day)} does not exist: "
                f"there is no month {self.month} (months are 1 to 12)"
            )
        if self.day < 1:
            raise ValueError(
                f"{_iso(self.year, self.month, self.day)} does not exist: days start at 1"
            )
        length = _days_in_jalali_month(self.year, self.month)
        if self.day > length:
            raise ValueError(
                f"{_iso(self.year, self.month, self.day)} does not exist: "
                f"{MONTH_NAMES_EN[self.month - 1]} {self.year} has {length} days"
            )

    @classmethod
    def parse(cls, value: str) -> JalaliDate:
        """Read a date as people type it: 1402-01-15, 1402/1/15, ۱۴۰۲/۰۱/۱۵ or ١٤٠٢-٠١-١٥.

        A year of 1700 or more is Gregorian (2023-04-04) and is converted: agencies send those too.
        """
        match = _SHAPE.fullmatch(value.strip(_SURROUNDING).translate(_TO_ASCII_DIGITS))
        if match is None:
            raise ValueError(f"{_EXPECTED}, got {value!r}")
        year, month, day = int(match[1]), int(match[3]), int(match[4])
        if year >= FIRST_GREGORIAN_YEAR:
            return cls.from_gregorian(_gregorian_date(year, month, day))
        return cls(year, month, day)

    @classmethod
    def from_gregorian(cls, value: datetime.date) -> JalaliDate:
        """The Jalali date of a Gregorian date (the date part, if given a datetime)."""
        day_only = datetime.date(value.year, value.month, value.day)
        year, month, day = _gregorian_to_jalali(day_only)
        if year > _LAST_JALALI_YEAR:
            last = _jalali_to_gregorian(
                _LAST_JALALI_YEAR, 12, _days_in_jalali_month(_LAST_JALALI_YEAR, 12)
            )
            raise ValueError(
                f"{day_only.isoformat()} is out of range: the last supported day is "
                f"{last.isoformat()} (Jalali {_LAST_JALALI_YEAR}, Esfand's last day)"
            )
        return cls(year, month, day)

    @classmethod
    def today(cls) -> JalaliDate:
        """Today's date on this machine's clock."""
        return cls.from_gregorian(datetime.date.today())

    def to_gregorian(self) -> datetime.date:
        """The same day in the Gregorian calendar."""
        return _jalali_to_gregorian(self.year, self.month, self.day)

    def isoformat(self) -> str:
        """The date as YYYY-MM-DD in ASCII digits, e.g. 1402-01-15: the form stored in files."""
        return _iso(self.year, self.month, self.day)

    def __str__(self) -> str:
        return self.isoformat()

    def format_persian(self) -> str:
        """The date as printed in documents, e.g. ۱۵ فروردین ۱۴۰۲."""
        return to_persian_digits(f"{self.day} {MONTH_NAMES_FA[self.month - 1]} {self.year}")

    def days_until(self, other: JalaliDate) -> int:
        """Days from this date to `other`: positive when `other` is later."""
        return other - self

    def __sub__(self, other: JalaliDate) -> int:
        if not isinstance(other, JalaliDate):
            return NotImplemented
        return self.to_gregorian().toordinal() - other.to_gregorian().toordinal()

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source_type: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """Validate from a string, a JalaliDate or a datetime.date; serialise as 1402-01-15."""
        return core_schema.no_info_plain_validator_function(
            _validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                JalaliDate.isoformat, return_schema=core_schema.str_schema()
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """A string: any accepted spelling when validating, YYYY-MM-DD when serialising."""
        pattern = _ISO_PATTERN if handler.mode == "serialization" else _INPUT_PATTERN
        return {"type": "string", "pattern": pattern, "examples": ["1402-01-15"]}


def _gregorian_date(year: int, month: int, day: int) -> datetime.date:
    if not 1 <= month <= 12:
        raise ValueError(
            f"{_iso(year, month, day)} does not exist: there is no month {month} "
            "(months are 1 to 12)"
        )
    try:
        return datetime.date(year, month, day)
    except ValueError:
        length = calendar.monthrange(year, month)[1]
        raise ValueError(
            f"{_iso(year, month, day)} does not exist: "
            f"{_GREGORIAN_MONTHS[month - 1]} {year} has {length} days"
        ) from None


def _validate(value: object) -> JalaliDate:
    if isinstance(value, JalaliDate):
        return value
    if isinstance(value, datetime.datetime):
        raise PydanticCustomError(
            "jalali_date", "{reason}", {"reason": f"{_EXPECTED}, not a date and time"}
        )
    try:
        if isinstance(value, datetime.date):
            return JalaliDate.from_gregorian(value)
        if isinstance(value, str):
            return JalaliDate.parse(value)
    except ValueError as error:
        raise PydanticCustomError("jalali_date", "{reason}", {"reason": str(error)}) from None
    # "expected" lets a reader of the error quote the value its own way (a file's null, number).
    raise PydanticCustomError(
        "jalali_date",
        "{reason}",
        {"reason": f"{_EXPECTED}, got {type(value).__name__}", "expected": _DATE_FORM},
    )
