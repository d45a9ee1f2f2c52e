"""Field descriptions come from the docstring under each field, as pydantic would give them."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from kap_consent.field_docs import field_docstrings
from kap_consent.models import HomeVitals, Practice, Prescriber, Protocol

SOURCE = '''
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from kap_consent.field_docs import describe_fields


class Base(BaseModel):
    model_config = ConfigDict(defer_build=True)

    name: str
    """The name.

    Indented continuation."""
    plain: int = 0
    given: str = Field("", description="Given in Field.")
    """Ignored: Field's own description wins."""


class Inner(Base):
    size: int = 1
    """How big."""


class Outer(Base):
    name: str = "x"
    inner: Inner = Inner(name="early")
    """Built early, for this default."""


describe_fields(__name__)
'''


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[ModuleType]:
    path = tmp_path / "sample_models.py"
    path.write_text(textwrap.dedent(SOURCE), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("sample_models", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["sample_models"] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules["sample_models"]


def _descriptions(model: type) -> dict[str, str | None]:
    return {name: f.description for name, f in model.model_fields.items()}  # type: ignore[attr-defined]


def test_docstrings_describe_fields_and_are_inherited(sample: ModuleType) -> None:
    assert _descriptions(sample.Base) == {
        "name": "The name.\n\nIndented continuation.",
        "plain": None,
        "given": "Given in Field.",
    }
    assert _descriptions(sample.Inner)["name"] == "The name.\n\nIndented continuation."
    assert _descriptions(sample.Inner)["size"] == "How big."


def test_a_redeclared_field_without_docstring_has_none(sample: ModuleType) -> None:
    assert _descriptions(sample.Outer)["name"] is None


def test_a_model_built_early_is_rebuilt_with_its_descriptions(sample: ModuleType) -> None:
    schema = sample.Outer.model_json_schema()
    assert schema["$defs"]["Inner"]["properties"]["size"]["description"] == "How big."
    assert schema["properties"]["inner"]["description"] == "Built early, for this default."


def test_the_practice_schema_carries_nested_descriptions() -> None:
    vitals = Practice.model_json_schema()["$defs"]["HomeVitals"]["properties"]
    assert vitals["measured_by"]["description"].startswith("`client`, `support_person`")
    assert Prescriber.model_fields["protocol"].description
    assert Protocol.model_fields["home_vitals"].description
    assert HomeVitals.model_fields["device"].description == (
        "What they measure with, e.g. `an automatic upper-arm blood-pressure cuff`; required\n"
        "unless the prescriber visits."
    )


def test_field_docstrings_reads_only_strings_right_under_a_field(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text(
        'class A:\n    x: int\n    "X."\n    y = 1\n    "not a field"\n    z: int\n    3\n'
    )
    assert field_docstrings(str(path)) == {("A", "x"): "X."}
