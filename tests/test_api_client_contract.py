"""The client's models against the OpenAPI snapshot of the service (the contract)."""

from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
from typing import Any

import pytest

from desktop.api_client import models
from desktop.core.paths import resource_path

SNAPSHOT = resource_path("contract", "openapi.json")
SCHEMAS: dict[str, Any] = json.loads(SNAPSHOT.read_text(encoding="utf-8"))["components"]["schemas"]

MODELS = [
    models.OtpChallenge,
    models.TokenPair,
    models.Agency,
    models.Mou,
    models.Quota,
    models.Me,
    models.TotalRecord,
    models.Workshop,
    models.Branch,
    models.StatusResult,
    models.BatchInquiryItem,
    models.AgencyRecordItem,
]
ENUMS = [
    models.AgencyKind,
    models.InquiryStatus,
    models.InsuranceKind,
    models.PensionKind,
    models.Gender,
]


def _nullable(schema: dict[str, Any]) -> bool:
    return any(option.get("type") == "null" for option in schema.get("anyOf", []))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_model_fields_are_the_schema_properties(model: type) -> None:
    schema = SCHEMAS[model.__name__]
    fields = {f.name: f for f in dataclasses.fields(model)}
    assert set(fields) == set(schema["properties"])
    hints = typing.get_type_hints(model)
    for name, prop in schema["properties"].items():
        optional = isinstance(hints[name], types.UnionType) and type(None) in hints[name].__args__
        assert optional == _nullable(prop), name


@pytest.mark.parametrize("kind", ENUMS, ids=lambda e: e.__name__)
def test_enum_values_are_the_schema_values(kind: type[enum.StrEnum]) -> None:
    assert [member.value for member in kind] == SCHEMAS[kind.__name__]["enum"]
