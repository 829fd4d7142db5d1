"""JSON Schemas (draft 2020-12) of fact files and `sources.yaml`, made from the fields in `fields`.

Editors that speak the YAML language server use them to complete keys and underline
mistakes as the user types. They are built from the same field lists the loader validates
with, so the two cannot drift apart; the loader remains the judge (it also checks what a
schema cannot: known source ids, unique ids across files, real calendar dates).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from quizgen.factfiles.fields import (
    COMMON_FIELDS,
    DISPUTED_FIELDS,
    FILE_FIELDS,
    MAX_DECK_CHARS,
    MAX_ID_CHARS,
    MAX_TEXT_CHARS,
    SLUG,
    SOURCE_FIELDS,
    TYPE_FIELDS,
    URL,
    FieldSpec,
    Kind,
)
from quizgen.model.facts import CARD_KINDS, DEFAULT_KINDS, CardKind, FactType, NameKind, Verb

DRAFT = "https://json-schema.org/draft/2020-12/schema"

_AD_DATE = r"\d{4}(-(0?[1-9]|1[0-2])(-(0?[1-9]|[12]\d|3[01]))?)?"
_BC_YEAR = r"-\d{1,4}|\d{1,4} ?[Bb]\.?[Cc]\.?([Ee]\.?)?"
_PARTIAL_DATE = rf"({_AD_DATE}|{_BC_YEAR})"
DATE_PATTERN = rf"^{_PARTIAL_DATE}(/{_PARTIAL_DATE})?$"
"""What a date looks like as text: YYYY, YYYY-MM, YYYY-MM-DD or a BC year (-450, 450 BC), or
two of those joined by '/'."""

Schema = dict[str, Any]


def _text() -> Schema:
    # A number written where text is expected is read as its text (a title such as 1984).
    return {"type": ["string", "number"], "minLength": 1, "maxLength": MAX_TEXT_CHARS}


def _slug() -> Schema:
    return {"type": "string", "pattern": SLUG.pattern, "maxLength": MAX_ID_CHARS}


def _kind_schema(
    kind: Kind, cards: Sequence[CardKind] = tuple(CardKind), source_ids: Sequence[str] = ()
) -> Schema:
    if kind is Kind.ID:
        return _slug()
    if kind is Kind.TYPE:
        return {"enum": [t.value for t in FactType]}
    if kind is Kind.TEXT:
        return _text()
    if kind is Kind.TEXT_LIST:
        return {"type": "array", "items": _text()}
    if kind is Kind.TAGS:
        return {"type": "array", "items": {"type": "string", "pattern": r"^\S+$"}}
    if kind is Kind.SOURCE_IDS:
        items = {"enum": list(source_ids)} if source_ids else _slug()
        return {"type": "array", "minItems": 1, "items": items}
    if kind is Kind.FORMER_IDS:
        return {"type": "array", "items": _slug()}
    if kind is Kind.PARTIES:
        return {"type": "array", "minItems": 1, "items": _text()}
    if kind is Kind.DATE:
        # A year written as a YAML number (1948, -450) is checked by the loader.
        return {"type": ["string", "integer"], "pattern": DATE_PATTERN}
    if kind is Kind.BOOL:
        return {"type": "boolean"}
    if kind is Kind.FIGURE:
        return {
            "oneOf": [
                {"type": "number"},
                {
                    "type": "array",
                    "items": {"type": "number"},
                    "minItems": 2,
                    "maxItems": 2,
                },
            ]
        }
    if kind is Kind.NAME_KIND:
        return {"enum": [k.value for k in NameKind]}
    if kind is Kind.VERB:
        return {"enum": [v.value for v in Verb]}
    if kind is Kind.CARDS:
        return {
            "type": "array",
            "minItems": 1,
            "uniqueItems": True,
            "items": {"enum": [k.value for k in cards]},
        }
    if kind is Kind.WORDING:
        return {
            "type": "object",
            "propertyNames": {"enum": [k.value for k in cards]},
            "additionalProperties": {
                "type": "object",
                "properties": {part: _text() for part in ("front", "back", "text")},
                "minProperties": 1,
                "additionalProperties": False,
            },
        }
    if kind is Kind.DISPUTED:
        return {"type": "array", "items": _object(DISPUTED_FIELDS, source_ids)}
    if kind is Kind.DECK:
        return {
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_DECK_CHARS,
            "pattern": r"^[^/\\]+$",
        }
    if kind is Kind.FACTS:
        return {"type": "array", "items": _fact(source_ids)}
    if kind is Kind.URL:
        return {"type": "string", "pattern": URL.pattern}
    raise AssertionError(f"no schema for {kind}")  # pragma: no cover


def _property(
    spec: FieldSpec, cards: Sequence[CardKind] = tuple(CardKind), source_ids: Sequence[str] = ()
) -> Schema:
    return {"description": spec.help, **_kind_schema(spec.kind, cards, source_ids)}


def _object(specs: Sequence[FieldSpec], source_ids: Sequence[str] = ()) -> Schema:
    return {
        "type": "object",
        "properties": {spec.name: _property(spec, source_ids=source_ids) for spec in specs},
        "required": [spec.name for spec in specs if spec.required],
        "additionalProperties": False,
    }


def _fact(source_ids: Sequence[str]) -> Schema:
    branches = []
    for fact_type, specs in TYPE_FIELDS.items():
        properties = {spec.name: _property(spec) for spec in specs}
        for spec in COMMON_FIELDS:
            if spec.kind in (Kind.CARDS, Kind.WORDING):  # the kinds of cards this type makes
                properties[spec.name] = _property(spec, CARD_KINDS[fact_type])
        defaults = ", ".join(kind.value for kind in DEFAULT_KINDS[fact_type])
        properties["cards"]["description"] = f"card kinds to make (default: {defaults})"
        branches.append(
            {
                "if": {
                    "properties": {"type": {"const": fact_type.value}},
                    "required": ["type"],
                },
                "then": {
                    "properties": properties,
                    "required": [spec.name for spec in specs if spec.required],
                },
            }
        )
    return {
        "type": "object",
        "properties": {spec.name: _property(spec, source_ids=source_ids) for spec in COMMON_FIELDS},
        "required": [spec.name for spec in COMMON_FIELDS if spec.required],
        "allOf": branches,
        "unevaluatedProperties": False,
    }


def fact_file_schema(source_ids: Sequence[str] | None = None) -> Schema:
    """Return the JSON Schema of a fact file (any `*.yaml` under the facts folder).

    Given the source ids of a facts folder, the schema offers them as the only values of
    `sources`, so an editor completes them and underlines a mistyped one.
    """
    return {
        "$schema": DRAFT,
        "title": "quizgen fact file",
        "description": "A deck name and a list of facts. Check with `quizgen check`.",
        **_object(FILE_FIELDS, source_ids or ()),
    }


def sources_file_schema() -> Schema:
    """Return the JSON Schema of `sources.yaml`."""
    return {
        "$schema": DRAFT,
        "title": "quizgen sources file",
        "description": "The articles and books facts cite, by source id.",
        "type": "object",
        "properties": {
            "sources": {
                "type": "object",
                "propertyNames": _slug(),
                "additionalProperties": _object(SOURCE_FIELDS),
            }
        },
        "required": ["sources"],
        "additionalProperties": False,
    }
