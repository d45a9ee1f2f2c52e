"""Tests for freezing what a rendering process keeps loaded."""

from __future__ import annotations

import gc

import pytest

from kap_consent import heap
from kap_consent.heap import settle_loaded


@pytest.fixture(autouse=True)
def _start_unfrozen(monkeypatch: pytest.MonkeyPatch) -> None:
    gc.unfreeze()
    monkeypatch.setattr(heap, "_settled", False)


def test_settle_loaded_freezes_what_is_alive() -> None:
    kept = [[] for _ in range(10)]
    settle_loaded()
    assert gc.get_freeze_count() >= len(kept)


def test_garbage_made_later_is_still_collected() -> None:
    settle_loaded()
    cycle: list[object] = []
    cycle.append(cycle)
    del cycle
    assert gc.collect() >= 1


def test_a_process_settles_only_once() -> None:
    settle_loaded()
    gc.unfreeze()
    settle_loaded()
    assert gc.get_freeze_count() == 0
