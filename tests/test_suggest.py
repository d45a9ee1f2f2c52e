"""Did-you-mean suggestions: close matches only, case ignored."""

from __future__ import annotations

from kap_consent.suggest import closest, did_you_mean, with_suggestion


def test_closest_ignores_case_and_keeps_the_option_spelling() -> None:
    assert closest("LOZENGES", ["troche", "lozenge"]) == "lozenge"
    assert closest("plan.therapst", ["plan.therapist", "plan.prescriber"]) == "plan.therapist"


def test_nothing_close_means_no_suggestion() -> None:
    assert closest("colour", ["id", "phone", "email"]) is None
    assert did_you_mean("colour", ["id", "phone"]) == ""
    assert did_you_mean(3, ["3"]) == ""


def test_exact_match_is_not_suggested() -> None:
    assert did_you_mean("okafor", ["okafor"]) == ""
    assert did_you_mean("Okafor", ["okafor"]) == "did you mean okafor?"


def test_with_suggestion() -> None:
    assert with_suggestion("unknown", "rivero", ["rivera"]) == "unknown; did you mean rivera?"
    assert with_suggestion("unknown", "zz", ["rivera"]) == "unknown"
