"""Pausing the cyclic collector around bulk building, and keeping what was built out of
its walks."""

from __future__ import annotations

import gc
import weakref

import pytest

from desktop.core.collector import keep_survivors, paused_collection


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


def test_the_collector_is_off_inside_and_as_before_after() -> None:
    assert gc.isenabled()
    with paused_collection():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_collection(keep=True):
            pass
        assert not gc.isenabled()  # a pause the caller made is theirs to end
    finally:
        gc.enable()


def test_an_error_inside_still_turns_it_back_on() -> None:
    with pytest.raises(ValueError), paused_collection(keep=True):
        raise ValueError
    assert gc.isenabled()


def test_kept_objects_are_out_of_the_collector_s_walks() -> None:
    with paused_collection(keep=True):
        kept = [[i] for i in range(1000)]
    tracked = {id(o) for generation in range(3) for o in gc.get_objects(generation)}
    assert not any(id(o) in tracked for o in kept)
    with paused_collection():
        walked = [[i] for i in range(1000)]
    tracked = {id(o) for generation in range(3) for o in gc.get_objects(generation)}
    assert all(id(o) in tracked for o in walked)


def test_garbage_cycles_made_before_are_freed_not_frozen() -> None:
    gc.collect()
    node = Node()
    gone = weakref.ref(node)
    del node  # garbage now, but only a walk finds it
    assert gone() is not None
    with paused_collection(keep=True):
        pass
    assert gone() is None


def test_overlapping_pauses_turn_it_back_on_only_when_the_last_ends() -> None:
    first, second = paused_collection(), paused_collection(keep=True)
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the second pause is still building
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_survivors_are_kept_but_not_walked_into_a_pause_under_way() -> None:
    survivors = [[i] for i in range(100)]
    keep_survivors()
    tracked = {id(o) for generation in range(3) for o in gc.get_objects(generation)}
    assert not any(id(o) in tracked for o in survivors)
    with paused_collection(keep=True):
        building = [[i] for i in range(100)]
        node = Node()
        gone = weakref.ref(node)
        del node
        keep_survivors()  # from another thread, say: walks nothing, freezes nothing
        assert gone() is not None
        tracked = {id(o) for generation in range(3) for o in gc.get_objects(generation)}
        assert all(id(o) in tracked for o in building)
    # The pause froze what it built at its end (the garbage with it, as it says).
    tracked = {id(o) for generation in range(3) for o in gc.get_objects(generation)}
    assert not any(id(o) in tracked for o in building)
    assert gc.isenabled()


def test_survivors_are_kept_beside_a_pause_that_keeps_nothing() -> None:
    """A pause that keeps nothing (an export) freezes nothing at its end: survivors kept
    while it runs are walked and frozen then, and it ends with the collector on."""
    with paused_collection():
        survivors = [[i] for i in range(100)]
        node = Node()
        gone = weakref.ref(node)
        del node
        keep_survivors()
        assert gone() is None
        tracked = {id(o) for generation in range(3) for o in gc.get_objects(generation)}
        assert not any(id(o) in tracked for o in survivors)
    assert gc.isenabled()
