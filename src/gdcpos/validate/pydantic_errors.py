"""Pydantic validation errors → located diagnostics, phrased for the person editing the YAML."""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from gdcpos.diagnostics import Diagnostic, error
from gdcpos.load import LoadedFile
from gdcpos.load.yaml_source import MAX_INT_DIGITS

DataPath = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


def validate_model(
    model: type[M], file: LoadedFile, data: Any = None, base: DataPath = ()
) -> tuple[M | None, list[Diagnostic]]:
    """Validate ``data`` (default: the whole file) against ``model``; all errors, located."""
    try:
        return model.model_validate(file.data if data is None else data), []
    except ValidationError as exc:
        return None, [_diagnostic(model, file, err, base) for err in exc.errors()]


def _diagnostic(model: type[BaseModel], file: LoadedFile, err: Any, base: DataPath) -> Diagnostic:
    loc: DataPath = (*base, *err["loc"])
    kind = err["type"]
    line, col = file.locate(loc, prefer_key=kind == "extra_forbidden")
    if not loc and kind in _NOT_A_MAPPING:  # the whole file: there is no field to name
        keys = ", ".join(f"{key}:" for key in list(model.model_fields)[:2])
        more = ", …" if len(model.model_fields) > 2 else ""
        message = f"the file must be a mapping of keys ({keys}{more}), not {_shown(err['input'])}"
        return error(file.relpath, line, col, message, kind)
    message = _message(model, err, loc)
    return error(file.relpath, line, col, f"{dotted(loc)}: {message}" if loc else message, kind)


_NOT_A_MAPPING = ("dict_type", "model_type", "model_attributes_type")


def _message(model: type[BaseModel], err: Any, loc: DataPath) -> str:
    kind = err["type"]
    value = err.get("input")
    context = err.get("ctx") or {}
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        suggestion = f"; did you mean '{hint[0]}'?" if hint else f"; allowed: {', '.join(allowed)}"
        return f"unknown key '{loc[-1]}'{suggestion}"
    if kind == "missing":
        return f"missing required key '{loc[-1]}'"
    if kind in ("int_type", "int_parsing"):
        digits = value.lstrip("-") if isinstance(value, str) else ""
        if len(digits) > MAX_INT_DIGITS and digits.isascii() and digits.isdecimal():
            # Written as a number, but too long to be read as one (see MAX_INT_DIGITS).
            return (
                f"expected a whole number of at most {MAX_INT_DIGITS} digits, "
                f"got one of {len(digits):,}"
            )
        return f"expected a whole number, got {_shown(value)}"
    if kind == "string_type":
        return f"expected text, got {_shown(value)}"
    if kind == "list_type":
        return f"expected a list, got {_shown(value)}"
    if kind in _NOT_A_MAPPING:
        return f"expected a mapping of keys, got {_shown(value)}"
    if kind == "string_pattern_mismatch":
        return f"{_shown(value)} is not in the expected form ({context['pattern']})"
    if kind == "string_too_long":
        return f"expected at most {context['max_length']} characters, got {len(value):,}"
    if kind in ("too_short", "string_too_short"):
        if isinstance(value, str):
            return "must not be empty"
        return f"list at least one {_singular(loc[-1])}"
    if kind == "greater_than_equal":
        return f"must be {context['ge']} or more, got {value}"
    # An enum's choices, or the date type's form (`gdcpos.persian.jalali`): what was given is
    # quoted as everywhere else, not by its Python type.
    if kind == "enum" or (kind == "jalali_date" and "expected" in context):
        return f"expected {context['expected']}, got {_shown(value)}"
    if kind == "value_error":
        return str(context["error"])
    return str(err["msg"])


def _singular(field: str | int) -> str:
    """``duties`` → ``duty``, ``axes`` → ``axis``: one item of a list field, as the user says it."""
    name = str(field)
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith("xes"):
        return name[:-2] + "is"
    return name.removesuffix("s") if name.endswith("s") else "item"


_SHOWN_TEXT = 60
"""Characters of a wrong text value quoted in a message."""


def _shown(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, str):
        if len(value) > _SHOWN_TEXT:  # a whole paragraph, or 5,000 digits, would bury the message
            return f"the text '{value[:_SHOWN_TEXT]}…' ({len(value):,} characters)"
        return f"the text '{value}'"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _allowed_keys(model: type[BaseModel], loc: DataPath) -> list[str]:
    """The field names of the model found at ``loc`` (walking through lists and sub-models)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        is_model = isinstance(current, type) and issubclass(current, BaseModel)
        field = current.model_fields.get(part) if is_model else None
        if field is None:
            return []
        current = _inner_model(field.annotation)
        if current is None:
            return []
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None


def dotted(loc: DataPath) -> str:
    """``('contributions', 2, 'axis')`` → ``contributions[2].axis`` (as the user reads it)."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
