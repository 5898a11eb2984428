"""What the window shows, kept free of Qt: the bookkeeping of the run the panels show.

The controllers share one :class:`RunState`: the training controller writes it as a run
starts, steps and ends; autosave, replay and the status read it. (The state model of
the weights shown, the probe and the data set grows here.)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class RunState:
    """The run the panels show, or the one that trained last."""

    #: The run's model ("softmax", "cnn"); None until a run has started in this window.
    model: str | None = None
    #: The data set the run trains on (its answers mean that data set's classes).
    dataset: str | None = None
    #: The newest step the run has reported.
    last_step: int = 0
    #: True once the run has sent its Finished event.
    finished: bool = False
    #: Reset weights asked for a restart from step 0: paused (True) or running (False) once
    #: the old run has ended; None when no restart is pending.
    restart_paused: bool | None = None

    @property
    def restarting(self) -> bool:
        return self.restart_paused is not None

    def start(self, model: str, dataset: str) -> None:
        """A new run is starting."""
        self.model, self.dataset = model, dataset
        self.last_step, self.finished = 0, False
