"""JSON Schemas (draft 2020-12) of the files an author writes, made from ``definitions``.

The schemas say what ``academy check`` says about one file on its own. What needs other files
(a prerequisite naming an existing course, a lesson narrowing its course's audiences, a
logo file that exists) is only in the field's description: ``academy check`` still decides it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from .definitions import (
    AUDIENCE_FIELDS,
    COLLECTION_MEMBERS,
    DATE,
    DURATION,
    FLAG,
    ID,
    ID_SCHEMA_PATTERN,
    IDS,
    KEYED,
    LESSON_FIELDS,
    LIST,
    NUMBER,
    PAGE_FIELDS,
    PERCENT,
    SITE_URL,
    TEXT,
    THEME_FIELDS,
    Field,
    Vocabulary,
    collection_fields,
    course_fields,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILES = ("course", "lesson", "page", "collection", "audience")
"""The schemas written, each to ``<name>.schema.json``."""

_DURATION = r"^\s*(?:\d+\s*h\s*(?:\d+\s*(?:minutes|mins|min|m)?)?|\d+\s*(?:minutes|mins|min|m)?)\s*$"
"""``fields.FieldReader.duration``'s form, with at least one number."""
_SAFE = r"[^\s\"'<>`\\\x00-\x1f\x7f]"
_HOST = r"[^\s\"'<>`\\\x00-\x1f\x7f/?#]"
_WEB = rf"[Hh][Tt][Tt][Pp][Ss]?://{_HOST}+{_SAFE}*"
_URLS = {
    SITE_URL: rf"^\s*(?:{_WEB})?\s*$",
    # A relative path (no scheme, not '//host'), an http(s) URL with a host, or a mailto: URL.
    "url": rf"^\s*(?:{_WEB}|[Mm][Aa][Ii][Ll][Tt][Oo]:{_SAFE}*|(?![A-Za-z][A-Za-z0-9+.-]*:)(?!//){_SAFE}+)?\s*$",
}


def _text(allowed: Sequence[str]) -> str:
    """A text that is one of ``allowed`` once spaces around it are removed."""
    return "|".join(re.escape(value) for value in allowed)


def _numbers(allowed: Sequence[str]) -> list[int]:
    """Allowed values a YAML integer reads as (``2024`` for the value ``"2024"``)."""
    return [int(value) for value in allowed if value.isascii() and value.isdigit() and str(int(value)) == value]


def _one_of(allowed: Sequence[str] | None) -> dict[str, Any]:
    """One id: one of ``allowed``, or any id when the set is not known."""
    if allowed is None:
        return {"anyOf": [{"type": "string", "pattern": f"^{ID_SCHEMA_PATTERN}$"}, {"type": "integer", "minimum": 0}]}
    values = [*allowed, *_numbers(allowed)]
    return {"enum": values} if values else {"not": {}}


def _text_schema(f: Field, allowed: Sequence[str] | None) -> dict[str, Any]:
    nullable = not (f.required and f.blank_is_missing)
    if f.allowed is not None:
        choices = _text(allowed) if allowed is not None else ID_SCHEMA_PATTERN
        optional = "?" if f.blank else ""
        string = {"type": "string", "pattern": rf"^\s*(?:{choices}){optional}\s*$"}
        numbers = _numbers(allowed or ())
        return {"anyOf": [{"type": "null"}, string, *([{"enum": numbers}] if numbers else [])]}
    kinds = ["string", *(["null"] if nullable else [])]
    if f.pattern is not None:
        return {"type": kinds, "pattern": rf"^\s*(?:{f.pattern}){'?' if f.blank else ''}\s*$"}
    if f.url == SITE_URL:
        return {"type": kinds, "pattern": rf"^\s*{_WEB}\s*$" if f.required else _URLS[SITE_URL]}
    if f.url is not None:  # the text of a number or of true/false is a relative path
        return {"anyOf": [{"type": ["number", "boolean", "null"]}, {"type": "string", "pattern": _URLS["url"]}]}
    return {"type": ["string", "number", "boolean", *(["null"] if nullable else [])]}


def field_schema(f: Field, vocabulary: Vocabulary) -> dict[str, Any]:
    """The schema of one field's value."""
    allowed = vocabulary.allowed(f.allowed)
    if f.kind == TEXT:
        schema = _text_schema(f, allowed)
    elif f.kind == ID:
        optional = "" if f.required else "?"
        schema = {
            "anyOf": [
                {"type": ["integer"] if f.required else ["null", "integer"], "minimum": 0},  # the id it reads as
                {"type": "string", "pattern": rf"^\s*(?:{ID_SCHEMA_PATTERN}){optional}\s*$"},
            ]
        }
    elif f.kind == FLAG:
        schema = {"type": "boolean"}
    elif f.kind == IDS:
        item = _one_of(allowed)
        many = {"type": "array", "items": item, "uniqueItems": True, **({"maxItems": 1} if f.one else {})}
        schema = {"anyOf": [{"type": "null"}, item, many]}
    elif f.kind == DATE:
        schema = {"type": ["string", "null"], "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    elif f.kind == DURATION:
        schema = {"anyOf": [{"type": ["null", "integer"], "minimum": 0}, {"type": "string", "pattern": _DURATION}]}
    elif f.kind == NUMBER:
        schema = {"type": ["number", "null"], "exclusiveMinimum": 0}
    elif f.kind == PERCENT:
        schema = {"type": ["integer", "null"], "minimum": 0, "maximum": 100}
    elif f.kind == LIST:
        items = {"type": "object", **mapping_schema(f.fields, vocabulary)}
        kinds = ["array"] if f.required else ["array", "null"]
        schema = {"type": kinds, "items": items, **({"minItems": f.min_items} if f.min_items else {})}
    elif f.kind == KEYED:
        schema = {
            "type": "object",
            "propertyNames": {"type": "string", "pattern": f"^{ID_SCHEMA_PATTERN}$"},
            "additionalProperties": _keyed_value(f.fields[0], vocabulary),
            **({"minProperties": f.min_items} if f.min_items else {}),
        }
        if not f.required:
            schema = {"anyOf": [{"type": "null"}, schema]}
    else:
        any_taxonomy = f.name == "select" and vocabulary.taxonomies is None
        kinds = ["object"] if f.required else ["object", "null"]
        schema = {"type": kinds, **mapping_schema(f.fields, vocabulary, any_taxonomy)}
    description = f.description + (f" academy check also makes sure: {f.cross_file}." if f.cross_file else "")
    return {"description": description, **schema}


def _keyed_value(item: Field, vocabulary: Vocabulary) -> dict[str, Any]:
    """The value of each key of a keyed mapping: text that is not blank, or one id or more."""
    if item.kind == IDS:
        one = _one_of(vocabulary.allowed(item.allowed))
        return {
            "description": item.description,
            "anyOf": [one, {"type": "array", "items": one, "uniqueItems": True, "minItems": 1}],
        }
    return {"description": item.description, "type": ["string", "number", "boolean"], "pattern": r"\S"}


def mapping_schema(fields: Sequence[Field], vocabulary: Vocabulary, any_taxonomy: bool = False) -> dict[str, Any]:
    """The keywords of a mapping holding ``fields`` (and, with ``any_taxonomy``, any id key holding ids)."""
    properties = {f.name: field_schema(f, vocabulary) for f in fields if not f.fallback_for}
    schema: dict[str, Any] = {"properties": properties}
    for f in fields:
        if f.fallback_for:  # read only when the field it stands in for is blank
            properties[f.name] = {"description": f.description}
            blank = {"properties": {f.fallback_for: {"type": "string", "pattern": r"\S"}}, "required": [f.fallback_for]}
            schema["if"] = blank
            schema["else"] = {"properties": {f.name: field_schema(f, vocabulary)}}
    if any_taxonomy:
        schema["propertyNames"] = {"pattern": f"^{ID_SCHEMA_PATTERN}$"}
        schema["additionalProperties"] = field_schema(
            Field("taxonomy", IDS, "Values of a taxonomy declared in mkdocs.yml."), vocabulary
        )
    else:
        schema["additionalProperties"] = False
    required = [f.name for f in fields if f.required]
    if required:
        schema["required"] = required
    return schema


def _fields_of(name: str, taxonomies: Mapping | None) -> tuple[Field, ...]:
    known = taxonomies or {}
    return {
        "course": lambda: course_fields(known),
        "lesson": lambda: LESSON_FIELDS + THEME_FIELDS,
        "page": lambda: PAGE_FIELDS + THEME_FIELDS,
        "collection": lambda: collection_fields(known),
        "audience": lambda: AUDIENCE_FIELDS,
    }[name]()


_TITLES = {
    "course": "Front matter of a course (content/courses/<id>/index.md)",
    "lesson": "Front matter of a lesson (content/courses/<id>/<lesson>.md)",
    "page": "Front matter of a page of content/ that is no course or lesson",
    "collection": "A collection or learning path (collections/<id>.yml)",
    "audience": "An audience: one output site (audiences/<id>.yml)",
}


def file_schema(name: str, vocabulary: Vocabulary) -> dict[str, Any]:
    """The schema of one kind of file (``SCHEMA_FILES``); generic when ``vocabulary`` knows nothing."""
    fields = _fields_of(name, vocabulary.taxonomies)
    schema = mapping_schema(fields, vocabulary, any_taxonomy=name == "course" and vocabulary.taxonomies is None)
    if name == "collection":
        schema["anyOf"] = [
            {"required": [COLLECTION_MEMBERS[0]], "properties": {COLLECTION_MEMBERS[0]: {"not": _NO_IDS}}},
            {
                "required": [COLLECTION_MEMBERS[1]],
                "properties": {COLLECTION_MEMBERS[1]: {"type": "object", "minProperties": 1}},
            },
        ]
    return {"$schema": DRAFT, "title": _TITLES[name], "type": "object", **schema}


_NO_IDS = {"anyOf": [{"type": "null"}, {"type": "array", "maxItems": 0}]}


def schema_texts(vocabulary: Vocabulary) -> dict[str, str]:
    """Each schema file's name and text (stable: the same definitions give the same bytes)."""
    return {
        f"{name}.schema.json": json.dumps(file_schema(name, vocabulary), indent=2, ensure_ascii=False) + "\n"
        for name in SCHEMA_FILES
    }
