"""The speed control's schedule (core.pace.Pacer), measured on a fake clock: no real waiting."""

from __future__ import annotations

import threading

import pytest

from mnist_viz.core.pace import PACE_CHOICES, Pacer, check_rate


class FakeClock:
    """A clock that moves only when somebody waits on it (or a step "takes time")."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []
        self.on_wait = None  # called with the timeout, before the clock moves

    def __call__(self) -> float:
        return self.now

    def wait(self, timeout: float) -> bool:
        self.waits.append(timeout)
        if self.on_wait is not None and self.on_wait(timeout):
            return True  # woken early: the clock has not moved
        self.now += timeout
        return False


def releases(pacer: Pacer, clock: FakeClock, steps: int, step_seconds: float = 0.0) -> list[float]:
    times = []
    for _ in range(steps):
        times.append(pacer.wait_turn())
        clock.now += step_seconds  # the training step itself
    return times


def test_two_steps_a_second_releases_a_step_every_half_second():
    clock = FakeClock()
    pacer = Pacer(2.0, clock=clock, wait=clock.wait)
    assert releases(pacer, clock, 5) == pytest.approx([0.0, 0.5, 1.0, 1.5, 2.0])


def test_no_limit_never_waits():
    clock = FakeClock()
    pacer = Pacer(None, clock=clock, wait=clock.wait)
    assert releases(pacer, clock, 100) == [0.0] * 100
    assert clock.waits == []


def test_the_time_a_step_takes_counts_towards_its_interval():
    """At 10 steps a second, a step of 30 ms waits the remaining 70 ms: still 10 a second."""
    clock = FakeClock()
    pacer = Pacer(10.0, clock=clock, wait=clock.wait)
    assert releases(pacer, clock, 4, step_seconds=0.03) == pytest.approx([0.0, 0.1, 0.2, 0.3])
    assert clock.waits == pytest.approx([0.07, 0.07, 0.07])


def test_small_oversleeps_do_not_add_up():
    """Each wait comes back 5 ms late; the schedule keeps its grid (step 10 at 5.0 s + 5 ms, not 5.05 s)."""
    clock = FakeClock()

    def late_wait(timeout: float) -> bool:
        clock.now += timeout + 0.005
        return False

    pacer = Pacer(2.0, clock=clock, wait=late_wait)
    times = releases(pacer, clock, 11)
    assert times[-1] == pytest.approx(5.005)


def test_a_slow_machine_is_not_paced_and_never_bursts_to_catch_up():
    """Steps slower than the pace go at once; after one very slow step the next ones do not rush."""
    clock = FakeClock()
    pacer = Pacer(10.0, clock=clock, wait=clock.wait)
    assert releases(pacer, clock, 3, step_seconds=0.25) == pytest.approx([0.0, 0.25, 0.5])
    assert clock.waits == []
    clock.now += 2.0  # a long pause in the machine
    times = releases(pacer, clock, 3)
    assert times == pytest.approx([2.75, 2.85, 2.95])  # one interval apart again, no burst


def test_changing_the_speed_during_a_wait_applies_at_once():
    """Waiting 0.5 s for the next step at 2/s; the user picks "max": the step goes without the rest of the wait."""
    clock = FakeClock()
    pacer = Pacer(2.0, clock=clock, wait=clock.wait)
    pacer.wait_turn()
    clock.now = 0.1

    def switch_to_max(timeout: float) -> bool:
        pacer.set_rate(None)
        return True  # the Event would have been set: woken

    clock.on_wait = switch_to_max
    assert pacer.wait_turn() == pytest.approx(0.1)
    assert clock.waits == pytest.approx([0.4])


def test_slowing_down_retimes_the_waiting_step():
    clock = FakeClock()
    pacer = Pacer(50.0, clock=clock, wait=clock.wait)
    pacer.wait_turn()

    def slow_down(timeout: float) -> bool:
        clock.on_wait = None
        pacer.set_rate(2.0)
        return True

    clock.on_wait = slow_down
    assert pacer.wait_turn() == pytest.approx(0.5)  # due one 2/s interval after the last step


def test_pause_or_stop_ends_the_wait_at_once():
    clock = FakeClock()
    pacer = Pacer(2.0, clock=clock, wait=clock.wait)
    pacer.wait_turn()
    paused = False

    def pause_now(timeout: float) -> bool:
        nonlocal paused
        paused = True
        pacer.wake()
        return True

    clock.on_wait = pause_now
    assert pacer.wait_turn(interrupted=lambda: paused) == 0.0
    # Paused: single steps go at once, however fast they come.
    clock.on_wait = None
    assert [pacer.wait_turn(interrupted=lambda: True) for _ in range(3)] == [0.0] * 3
    # Resumed a second later: the first step goes at once, then the pace again.
    clock.now = 1.0
    assert releases(pacer, clock, 3) == pytest.approx([1.0, 1.5, 2.0])


def test_restart_lets_the_first_step_of_a_new_run_go_at_once():
    clock = FakeClock()
    pacer = Pacer(2.0, clock=clock, wait=clock.wait)
    pacer.wait_turn()
    pacer.restart()
    assert pacer.wait_turn() == 0.0
    assert pacer.delay() == pytest.approx(0.5)


def test_a_real_wait_is_woken_by_another_thread():
    """The default wait is a threading.Event: wake() from another thread ends it (no sleeping out the 60 s)."""
    pacer = Pacer(1 / 60)  # one step a minute
    pacer.wait_turn()
    stop, entered, done = threading.Event(), threading.Event(), threading.Event()
    event_wait = pacer._wait  # the Event's own wait, as the worker's pacer uses it

    def noting_wait(timeout: float) -> bool:
        entered.set()
        return event_wait(timeout)

    pacer._wait = noting_wait

    def waiter() -> None:
        pacer.wait_turn(interrupted=stop.is_set)
        done.set()

    threading.Thread(target=waiter, daemon=True).start()
    assert entered.wait(30)
    assert not done.is_set()  # really waiting for its turn
    stop.set()
    pacer.wake()
    assert done.wait(30), "the wait did not end when woken"


def test_bad_speeds_are_refused_with_a_message():
    for bad in (0, -2, float("nan"), float("inf"), "fast"):
        with pytest.raises(ValueError, match="steps per second"):
            check_rate(bad)
    assert check_rate(None) is None
    assert PACE_CHOICES == (None, 50.0, 10.0, 2.0)
