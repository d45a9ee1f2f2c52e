"""Reading a model's shape from its types: sections, lists, choices, field locations."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from kap_consent.models import Client, Practice, Prescriber, SubstanceRule, TreatmentPlan
from kap_consent.shape import as_model, choices, field_annotation, is_bool, list_item, model_at


def test_model_at_follows_sections_and_lists() -> None:
    assert model_at(Client, ("plan",)) is TreatmentPlan
    assert model_at(Practice, ("prescribers", 0)) is Prescriber
    assert model_at(Practice, ("prescribers", 1, "protocol", "avoid", 0)) is SubstanceRule
    assert model_at(Client, ("nope",)) is None
    assert model_at(Client, ("phone",)) is None


def test_field_annotation_and_choices() -> None:
    settings = field_annotation(Client, ("plan", "settings"))
    assert choices(settings) == ("office", "home", "both")
    assert choices(field_annotation(Practice, ("prescribers", 0, "credentials"))) == (
        "MD",
        "DO",
        "NP",
        "PA",
    )
    assert choices(field_annotation(Client, ("phone",))) is None
    assert field_annotation(Client, ()) is None
    assert field_annotation(Client, ("plan", "nope")) is None


class _Example(BaseModel):
    flag: bool | None = None
    pick: Literal["a", "b"] | None = None
    numbers: list[int] = []
    mixed: Literal["a", 1] = "a"


def test_optional_and_list_types() -> None:
    fields = _Example.model_fields
    assert is_bool(fields["flag"].annotation)
    assert choices(fields["pick"].annotation) == ("a", "b")
    assert choices(fields["mixed"].annotation) is None
    assert list_item(fields["numbers"].annotation) is int
    assert list_item(fields["flag"].annotation) is None
    assert as_model(Client.model_fields["support_person"].annotation) is not None
    assert as_model(fields["numbers"].annotation) is None
