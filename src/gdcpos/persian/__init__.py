"""Persian text and Jalali dates: normalising prose, finding unsafe characters, parsing dates."""

from gdcpos.persian.jalali import JalaliDate
from gdcpos.persian.text import (
    ControlProblem,
    convert_word_breaks,
    find_control_problems,
    normalize_prose,
    to_persian_digits,
)

__all__ = [
    "ControlProblem",
    "JalaliDate",
    "convert_word_breaks",
    "find_control_problems",
    "normalize_prose",
    "to_persian_digits",
]
