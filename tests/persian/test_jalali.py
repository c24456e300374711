import datetime

import jdatetime
import pytest
from pydantic import BaseModel, ValidationError

from gdcpos.persian import JalaliDate


@pytest.mark.parametrize(
    "spelling",
    ["1402-01-15", "1402/1/15", "1402/01/15", "۱۴۰۲/۰۱/۱۵", "١٤٠٢-٠١-١٥", "  1402-01-15 \n"],
)
def test_all_spellings_are_the_same_date(spelling: str) -> None:
    assert JalaliDate.parse(spelling) == JalaliDate(1402, 1, 15)


@pytest.mark.parametrize("spelling", ["15/01/1402", "1402-01", "1402-01/15", "", "tomorrow"])
def test_bad_shape(spelling: str) -> None:
    with pytest.raises(ValueError, match="expected a Jalali date such as 1402-01-15"):
        JalaliDate.parse(spelling)


def test_month_length_and_leap_years() -> None:
    with pytest.raises(ValueError) as raised:
        JalaliDate.parse("1402-12-30")
    assert str(raised.value) == "1402-12-30 does not exist: Esfand 1402 has 29 days"
    assert JalaliDate.parse("1403-12-30").to_gregorian() == datetime.date(2025, 3, 20)
    with pytest.raises(ValueError, match="Mehr 1402 has 30 days"):
        JalaliDate(1402, 7, 31)
    with pytest.raises(ValueError, match="days start at 1"):
        JalaliDate.parse("1402-01-00")


def test_month_out_of_range() -> None:
    with pytest.raises(ValueError, match="there is no month 13"):
        JalaliDate.parse("1402-13-01")
    with pytest.raises(ValueError, match="there is no month 0"):
        JalaliDate.parse("1402-00-01")


def test_gregorian_iso_dates_are_converted() -> None:
    assert JalaliDate.parse("2023-03-21") == JalaliDate(1402, 1, 1)
    assert JalaliDate.parse("2023-04-04") == JalaliDate(1402, 1, 15)
    with pytest.raises(ValueError, match="2023-02-29 does not exist: February 2023 has 28 days"):
        JalaliDate.parse("2023-02-29")
    with pytest.raises(ValueError, match="out of range"):
        JalaliDate.parse("2400-01-01")


def test_formatting() -> None:
    date = JalaliDate(1402, 1, 15)
    assert date.isoformat() == "1402-01-15"
    assert str(date) == "1402-01-15"
    assert date.format_persian() == "۱۵ فروردین ۱۴۰۲"
    assert JalaliDate(1401, 12, 22).format_persian() == "۲۲ اسفند ۱۴۰۱"
    assert JalaliDate(1403, 6, 5).format_persian() == "۵ شهریور ۱۴۰۳"


def test_ordering_hashing_and_arithmetic() -> None:
    early, late = JalaliDate(1401, 12, 22), JalaliDate(1402, 1, 15)
    assert early < late
    assert sorted([late, early]) == [early, late]
    assert {early, JalaliDate.parse("1401/12/22")} == {early}
    assert late - early == 22
    assert early.days_until(late) == 22
    assert late.days_until(early) == -22
    with pytest.raises(AttributeError):
        early.year = 1300  # type: ignore[misc]


def test_gregorian_round_trip_and_today() -> None:
    assert JalaliDate.from_gregorian(datetime.date(2023, 3, 21)) == JalaliDate(1402, 1, 1)
    assert JalaliDate(1402, 1, 1).to_gregorian() == datetime.date(2023, 3, 21)
    today = JalaliDate.today()
    assert today.to_gregorian() in {
        datetime.date.today(),
        datetime.date.today() - datetime.timedelta(days=1),
    }


def test_agrees_with_jdatetime_every_day_from_1300_to_1500() -> None:
    first = JalaliDate(1300, 1, 1).to_gregorian().toordinal()
    last = JalaliDate(1500, 12, 29).to_gregorian().toordinal()
    assert jdatetime.date(1300, 1, 1).togregorian().toordinal() == first
    assert jdatetime.date(1500, 12, 29).togregorian().toordinal() == last
    for ordinal in range(first, last + 1):
        gregorian = datetime.date.fromordinal(ordinal)
        ours = JalaliDate.from_gregorian(gregorian)
        theirs = jdatetime.date.fromgregorian(date=gregorian)
        assert (ours.year, ours.month, ours.day) == (theirs.year, theirs.month, theirs.day)
        assert ours.to_gregorian() == theirs.togregorian() == gregorian


class Submission(BaseModel):
    submitted: JalaliDate


@pytest.mark.parametrize(
    "value",
    [
        "1402-01-10",
        "۱۴۰۲/۱/۱۰",
        "2023-03-30",
        datetime.date(2023, 3, 30),
        JalaliDate(1402, 1, 10),
    ],
)
def test_pydantic_field_accepts(value: object) -> None:
    assert Submission.model_validate({"submitted": value}).submitted == JalaliDate(1402, 1, 10)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (14020115, "expected a Jalali date such as 1402-01-15"),
        (1402.5, "expected a Jalali date such as 1402-01-15"),
        (None, "expected a Jalali date such as 1402-01-15"),
        (datetime.datetime(2023, 3, 30, 12), "expected a Jalali date such as 1402-01-15"),
        ("1402-12-30", "1402-12-30 does not exist: Esfand 1402 has 29 days"),
        ("15/01/1402", "expected a Jalali date such as 1402-01-15"),
    ],
)
def test_pydantic_field_rejects(value: object, message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Submission.model_validate({"submitted": value})
    (error,) = raised.value.errors()
    assert error["loc"] == ("submitted",)
    assert message in error["msg"]


def test_pydantic_serialises_to_iso_and_has_a_json_schema() -> None:
    model = Submission(submitted=JalaliDate(1402, 1, 10))
    assert model.model_dump() == {"submitted": "1402-01-10"}
    assert model.model_dump_json() == '{"submitted":"1402-01-10"}'
    assert Submission.model_validate_json(model.model_dump_json()) == model
    schema = Submission.model_json_schema()["properties"]["submitted"]
    assert schema["type"] == "string"
    assert "pattern" in schema
    output = Submission.model_json_schema(mode="serialization")["properties"]["submitted"]
    assert output["pattern"] == r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
