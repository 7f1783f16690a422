"""Typed reading of front matter and YAML fields, collecting problems instead of raising."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from .definitions import (
    DATE,
    DURATION,
    FLAG,
    ID,
    IDS,
    KEYED,
    LIST,
    NUMBER,
    PERCENT,
    SITE_URL,
    TEXT,
    URL,
    Field,
    Vocabulary,
)
from .problems import Problem, did_you_mean
from .values import DATE_PATTERN, ID_PATTERN, site_url_problem, url_problem
from .yamlio import LineDict, LineList

_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*(?:m|min|mins|minutes)?)?\s*$")


class FieldReader:
    """Reads the fields of one mapping, recording each mistake with its line."""

    def __init__(self, data: LineDict, source: str, problems: list[Problem], *, inside: bool = False) -> None:
        self.data = data
        self.source = source
        self.problems = problems
        self.inside = inside
        """Whether the mapping sits inside another: a key it lacks is reported on its line, not the file's first."""

    def line(self, key: str, index: int | None = None) -> int:
        """The line of ``key`` (or of item ``index`` of its list)."""
        value = self.data.get(key)
        if index is not None and isinstance(value, LineList) and index < len(value.lines):
            return value.lines[index]
        return self.data.line_of(key)

    def problem(self, key: str, message: str, index: int | None = None) -> None:
        """Record a problem on the line of ``key``."""
        self.problems.append(Problem(self.source, self.line(key, index), message))

    def unknown_keys(self, allowed: Iterable[str], what: str) -> None:
        """Report keys that are not in ``allowed``, with a did-you-mean."""
        allowed = set(allowed)
        for key in self.data:
            if key not in allowed:
                hint = did_you_mean(key, allowed)
                self.problem(str(key), f"unknown {what} key '{key}'; {hint}")

    def text(self, key: str, *, required: bool = False, default: str | None = "") -> str | None:
        """A string field (numbers are accepted and turned into text)."""
        value = self.data.get(key)
        if value is None:
            if required:
                self.problems.append(Problem(self.source, self.data.line or 1, f"'{key}' is missing; add '{key}: …'"))
            return default
        if isinstance(value, (dict, list)):
            self.problem(key, f"'{key}' must be text, not a {type(value).__name__}")
            return default
        return str(value).strip()

    def flag(self, key: str, default: bool | None = False) -> bool:
        """A true/false field."""
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.problem(key, f"'{key}' must be true or false, not '{value}'")
            return default
        return value

    def ids(self, key: str, *, allowed: Iterable[str] | None = None, what: str = "") -> tuple[str, ...]:
        """A list of ids (a single id is accepted as a one-item list)."""
        value = self.data.get(key)
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        allowed_set = set(allowed) if allowed is not None else None
        result: list[str] = []
        for index, item in enumerate(items):
            where = index if isinstance(value, list) else None
            if not isinstance(item, (str, int)) or isinstance(item, bool):
                self.problem(key, f"'{key}' items must be ids, not '{item}'", where)
                continue
            item = str(item)
            if allowed_set is not None and item not in allowed_set:
                self.problem(key, f"unknown {what or key} '{item}'; {did_you_mean(item, allowed_set)}", where)
                continue
            if not ID_PATTERN.match(item) and allowed_set is None:
                self.problem(key, f"'{item}' is not a valid id (lowercase letters, digits, '-', '_')", where)
                continue
            if item in result:
                self.problem(key, f"'{item}' is listed twice in '{key}'", where)
                continue
            result.append(item)
        return tuple(result)

    def item_lines(self, key: str) -> dict[str, int]:
        """The line of each item of the list ``key`` (the key's line for a one-line list)."""
        value = self.data.get(key)
        if not isinstance(value, LineList):
            return {}
        return {str(item): line for item, line in zip(value, value.lines, strict=False)}

    def date(self, key: str) -> dt.date | None:
        """An ISO date field (``2026-10-02``)."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and DATE_PATTERN.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(key, f"'{key}' must be a date like 2026-10-02, not '{value}'")
        return None

    def duration(self, key: str = "duration") -> int | None:
        """Minutes: ``45``, ``"45m"``, ``"1h 30m"``."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        match = _DURATION.match(str(value)) if isinstance(value, str) else None
        if match and any(match.groups()):
            return int(match.group(1) or 0) * 60 + int(match.group(2) or 0)
        self.problem(key, f"'{key}' must be minutes (45) or like '1h 30m', not '{value}'")
        return None

    def mapping(self, key: str) -> LineDict | None:
        """A nested mapping, or None (with a problem) when it has another shape."""
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, LineDict):
            self.problem(key, f"'{key}' must be a mapping of 'key: value' lines")
            return None
        return value

    def nested(self, key: str) -> FieldReader | None:
        """A reader for a nested mapping."""
        value = self.mapping(key)
        return FieldReader(value, self.source, self.problems, inside=True) if value is not None else None


class Values(dict):
    """The values read from one mapping by its field definitions, with the reader that read them."""

    def __init__(self, reader: FieldReader) -> None:
        super().__init__()
        self.reader = reader


def read_fields(reader: FieldReader, fields: Sequence[Field], what: str, vocabulary: Vocabulary) -> Values:
    """Read every field of ``fields`` from ``reader``'s mapping, recording each mistake.

    Keys not among ``fields`` are reported as unknown ``what`` keys. A text or mapping that is
    not there (or not valid) reads as None, ids as ``()``, a flag as its default.
    """
    reader.unknown_keys([f.name for f in fields], what)
    values = Values(reader)
    texts: dict[str, str | None] = {}
    for f in fields:
        if f.fallback_for and texts.get(f.fallback_for):
            values[f.name] = None
        elif f.kind in (TEXT, ID):
            texts[f.name] = reader.text(f.name, required=_missing(reader, f), default=None)
            if f.kind == ID and f.required and texts[f.name] == "":
                reader.problem(f.name, f"'{f.name}' is empty; give it an id")
                texts[f.name] = None
            values[f.name] = _checked_text(reader, f, texts[f.name], vocabulary)
        elif f.kind == FLAG:
            values[f.name] = reader.flag(f.name, bool(f.default))
        elif f.kind == IDS:
            values[f.name] = _ids(reader, f, vocabulary)
        elif f.kind == DATE:
            values[f.name] = reader.date(f.name)
        elif f.kind == DURATION:
            values[f.name] = reader.duration(f.name)
        elif f.kind == NUMBER:
            values[f.name] = _positive(reader, f)
        elif f.kind == PERCENT:
            values[f.name] = _percent(reader, f)
        elif f.kind == LIST:
            values[f.name] = _list(reader, f, vocabulary)
        elif f.kind == KEYED:
            values[f.name] = _keyed(reader, f, vocabulary)
        else:
            nested = reader.nested(f.name)
            values[f.name] = read_fields(nested, f.fields, f.what, vocabulary) if nested is not None else None
    return values


def _too_few(reader: FieldReader, f: Field, count: int, noun: str) -> None:
    if count < f.min_items:
        reader.problem(f.name, f"'{f.name}' needs at least {f.min_items} {noun}{'s' if f.min_items > 1 else ''}")


def _list(reader: FieldReader, f: Field, vocabulary: Vocabulary) -> tuple[Values, ...]:
    """Each mapping of a list field read by ``f.fields``; items of another shape are problems."""
    value = reader.data.get(f.name)
    if value is None:
        if f.required:
            reader.problem(f.name, f"'{f.name}' is missing; add '{f.name}:' with a list of {f.what}s")
        return ()
    if not isinstance(value, LineList):
        reader.problem(f.name, f"'{f.name}' must be a list of {f.what}s, each starting with '- '")
        return ()
    items = []
    for index, item in enumerate(value):
        if not isinstance(item, LineDict):
            reader.problem(f.name, f"each {f.what} in '{f.name}' must be a mapping of 'key: value' lines", index)
            continue
        item_reader = FieldReader(item, reader.source, reader.problems, inside=True)
        items.append(read_fields(item_reader, f.fields, f.what, vocabulary))
    _too_few(reader, f, len(value), f.what)
    return tuple(items)


def _keyed(reader: FieldReader, f: Field, vocabulary: Vocabulary) -> dict[str, Any]:
    """A mapping from ids the author chooses to values of ``f.fields[0]``, in the order written."""
    value = reader.data.get(f.name)
    if value is None:
        if f.required:
            reader.problem(f.name, f"'{f.name}' is missing; add '{f.name}:' with 'id: …' lines")
        return {}
    if not isinstance(value, LineDict):
        reader.problem(f.name, f"'{f.name}' must be a mapping of 'id: …' lines")
        return {}
    inner = FieldReader(value, reader.source, reader.problems)
    result: dict[str, Any] = {}
    for key in value:
        if not isinstance(key, str) or not ID_PATTERN.match(key):
            hint = "; write it in quotes, like 'yes'" if isinstance(key, (bool, int, float)) else ""
            inner.problem(key, f"{f.what} id '{key}' must be text of lowercase letters, digits, '-' and '_'{hint}")
            continue
        item = f.fields[0]
        if item.kind == IDS:
            if value[key] is None or value[key] == []:
                inner.problem(key, f"'{key}' lists no {item.name}; name at least one")
                continue
            result[key] = _ids(inner, replace(item, name=key, required=False), vocabulary)
        else:
            text = inner.text(key, default=None)
            if text is None or (item.required and not text):
                if text is not None or value[key] is None:
                    inner.problem(key, f"{f.what} '{key}' has no text; write it after the colon")
                continue
            result[key] = text
    _too_few(reader, f, len(value), f.what)
    return result


def _missing(reader: FieldReader, f: Field) -> bool:
    """Whether a required field counts as missing (and ``text`` should say so)."""
    if not f.required:
        return False
    return reader.data.get(f.name) is None if f.blank_is_missing else f.name not in reader.data


def _checked_text(reader: FieldReader, f: Field, value: str | None, vocabulary: Vocabulary) -> str | None:
    """``value`` when it passes the field's checks, else None (with a problem)."""
    if value is None:
        return None
    key = f.fallback_for if f.fallback_for and f.fallback_for in reader.data else f.name
    allowed = vocabulary.allowed(f.allowed)
    if allowed is not None and (value or not f.blank) and value not in allowed:
        reader.problem(key, f"unknown {f.what} '{value}'; {did_you_mean(value, allowed)}")
        return None
    if not value and f.required and (f.url is not None or (f.pattern is not None and not f.blank)):
        reader.problem(key, f"'{key}' is empty; write its value after the colon")
        return None
    if f.pattern is not None and value and not re.fullmatch(f.pattern, value):
        reader.problem(key, f.message.format(value=value))
        return None
    check = {URL: url_problem, SITE_URL: site_url_problem}.get(f.url or "")
    problem = check(value) if check is not None and value else None
    if problem:
        reader.problem(key, f"'{key}' {problem}: '{value}'")
        return ""
    return value


def _ids(reader: FieldReader, f: Field, vocabulary: Vocabulary) -> tuple[str, ...]:
    allowed = None if f.set_checked_later else vocabulary.allowed(f.allowed)
    if f.required and f.name not in reader.data:
        listed = f" ({', '.join(allowed)})" if allowed else ""
        line = (reader.data.line or 1) if reader.inside else 1  # a nested mapping's own line, else the file's
        reader.problems.append(Problem(reader.source, line, f"'{f.name}' is missing; add '{f.name}: …'{listed}"))
        return ()
    values = reader.ids(f.name, allowed=allowed, what=f.what)
    written = reader.data.get(f.name)
    if f.one and isinstance(written, list) and len(written) > 1:
        reader.problem(f.name, f"'{f.name}' takes one value, not a list")
    return values


def _positive(reader: FieldReader, f: Field) -> float | None:
    value = reader.data.get(f.name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        reader.problem(f.name, f.message.format(value=value))
        return None
    return value


def _percent(reader: FieldReader, f: Field) -> int | None:
    value = reader.data.get(f.name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        reader.problem(f.name, f.message.format(value=value))
        return None
    return value


def stringify(value: Any) -> str:
    """Text for a scalar value as an author wrote it."""
    return "" if value is None else str(value)
