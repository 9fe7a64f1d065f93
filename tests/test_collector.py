"""The garbage collector: paused while a build runs, tidied after a serve rebuild."""

from __future__ import annotations

import gc
import weakref

import pytest

from briefing import collector


class Node:
    """Something that can sit in a reference cycle and be watched by a weak reference."""

    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture
def unfrozen():
    """Leave the collector as the test found it: on, and nothing frozen."""
    yield
    gc.unfreeze()
    gc.enable()


def test_paused_turns_the_collector_off_and_back_on_even_after_an_error(unfrozen):
    with pytest.raises(ValueError), collector.paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled(), "a collector that was off stays off"


def test_tidy_collects_the_cycles_a_build_left_and_freezes_the_rest(unfrozen):
    gc.collect()
    with collector.paused():
        left, kept = Node(), Node()
        left.other, left.other.other = Node(), left  # a cycle nothing else refers to
        gone = weakref.ref(left)
        del left
        assert gone() is not None, "a cycle outlives its last name while paused"
        frozen_before = gc.get_freeze_count()
    collector.tidy_after_build()
    assert gone() is None
    assert gc.get_freeze_count() > frozen_before
    assert not any(o is kept for o in gc.get_objects()), "survivors leave the generations"
