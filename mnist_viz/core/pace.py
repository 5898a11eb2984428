"""Training at a person's pace: at most N steps a second, or as fast as the machine goes.

Softmax regression's 1,000 steps take two seconds on a laptop: too fast to watch the
templates form. A :class:`Pacer` holds each step back until its turn comes on a steady
schedule (step k is released ``k / rate`` seconds after the first), so that the panels
show the run at, say, 2 steps a second.

The schedule:

* the first step after a start (or after :meth:`Pacer.restart`) goes at once;
* each next step is due one interval (``1 / rate``) after the previous one was due, so
  the waits do not add up their small delays (2 steps a second stays 2, not 1.98);
* a step that comes later than its turn (the machine is slower than the pace, or the
  run was paused) goes at once, and the schedule starts again from it: no burst of
  steps to catch up;
* changing the rate takes effect at once, also during a wait.

Waiting is done on a ``threading.Event`` with a timeout, never a bare sleep:
:meth:`Pacer.wake` (called when the user pauses, stops or changes the speed) ends the
wait at once, and ``interrupted()`` (e.g. "the run is paused or stopping") makes
:meth:`Pacer.wait_turn` return without waiting. Clock and wait are injectable, so the
schedule can be tested with a fake clock and no real waiting.

No Qt here: the GUI's worker calls :meth:`Pacer.wait_turn` in its training thread before
it passes a step on (see ``gui/controllers/worker.py``).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

#: The speeds the window offers, in steps per second (None: as fast as possible).
PACE_CHOICES: tuple[float | None, ...] = (None, 50.0, 10.0, 2.0)


def check_rate(steps_per_s: float | None) -> float | None:
    """``steps_per_s`` as a float, or None for no limit; ValueError if it is not a positive number."""
    if steps_per_s is None:
        return None
    try:
        rate = float(steps_per_s)
    except (TypeError, ValueError):
        raise ValueError(f"the pace must be a number of steps per second, not {steps_per_s!r}") from None
    if not (math.isfinite(rate) and rate > 0):
        raise ValueError(f"the pace must be a positive number of steps per second, not {steps_per_s!r}")
    return rate


class Pacer:
    """Releases steps at most ``steps_per_s`` a second (None: no limit). Thread-safe.

    ``clock()`` returns seconds (default ``time.monotonic``); ``wait(timeout)`` blocks for
    up to ``timeout`` seconds and returns True if it was woken early (default: the pacer's
    own ``threading.Event``, which :meth:`wake` sets).
    """

    def __init__(self, steps_per_s: float | None = None, clock: Callable[[], float] = time.monotonic,
                 wait: Callable[[float], bool] | None = None) -> None:
        self._rate = check_rate(steps_per_s)
        self._clock = clock
        self._woken = threading.Event()
        self._wait = wait if wait is not None else self._woken.wait
        self._lock = threading.Lock()
        self._due: float | None = None  # when the last released step was due

    @property
    def steps_per_s(self) -> float | None:
        return self._rate

    def set_rate(self, steps_per_s: float | None) -> None:
        """The new pace, from now on (a step waiting for its turn is re-timed at once)."""
        rate = check_rate(steps_per_s)
        with self._lock:
            self._rate = rate
        self.wake()

    def restart(self) -> None:
        """Forget the schedule: the next step goes at once (a new run)."""
        with self._lock:
            self._due = None
        self.wake()

    def wake(self) -> None:
        """End a wait now (pause, stop, a new speed): the waiting step re-checks its turn."""
        self._woken.set()

    def delay(self) -> float:
        """Seconds until the next step's turn (0: it may go now)."""
        with self._lock:
            if self._rate is None or self._due is None:
                return 0.0
            return max(0.0, self._due + 1.0 / self._rate - self._clock())

    def wait_turn(self, interrupted: Callable[[], bool] = lambda: False) -> float:
        """Block until the next step's turn, or until ``interrupted()`` is true; returns the
        time (of ``clock``) at which the step is released."""
        while True:
            self._woken.clear()
            with self._lock:
                now = self._clock()
                rate = self._rate
                if rate is None or interrupted():
                    self._due = None if rate is None else now
                    return now
                interval = 1.0 / rate
                due = now if self._due is None else self._due + interval
                if now >= due:
                    # On time (or a little late): keep the grid. Later than a whole interval
                    # (a slow step, a pause): start a new grid here, no catching up.
                    self._due = due if now - due < interval else now
                    return now
                remaining = due - now
            self._wait(remaining)
