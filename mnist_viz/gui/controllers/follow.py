"""Following a run that another process is still recording (issue 14): File > Open recording
or ``mnist-viz open DIR`` on a folder that ``mnist-viz train --record DIR`` (here, or on
another machine through a shared or synced folder) is still writing.

Once a second the recording is refreshed (:meth:`Recording.refresh` reads only what is
new). New steps extend the timeline; if the panels show the newest step they move on to
the new one, so the window shows the run live; a step dragged back to stays put while the
timeline keeps growing (the slider's end brings it back to following). Following ends,
saying so on the timeline, when the run finishes, or when nothing has been written for
:data:`~mnist_viz.core.recording.STALL_SECONDS` (30 s: the writer rewrites its manifest at
least every 10 s while training, so three heartbeats were missed).

The refresh runs on the GUI thread: it reads the files written since the last one (a few
kilobytes of metrics and at most a chunk of snapshots a second), measured in
``scripts/measure_follow_lag.py``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from ...core.recording import STALL_SECONDS, Recording, RecordingError

#: How often a followed recording is looked at again.
FOLLOW_INTERVAL_MS = 1000


class Follower(QObject):
    """Refreshes an opened recording while its run goes on; tells the replay what is new."""

    #: The recording has new steps: (the recording, True if the panels should move to its end).
    grown = Signal(object, bool)
    #: Following ended or could not go on: one line for the timeline and the status bar.
    ended = Signal(str)

    def __init__(self, parent: QObject, at_end: Callable[[], bool], stall_s: float = STALL_SECONDS) -> None:
        super().__init__(parent)
        #: True when the panels show the newest step recorded (they then follow).
        self.at_end = at_end
        self.stall_s = stall_s
        self.recording: Recording | None = None
        self._timer = QTimer(self, interval=FOLLOW_INTERVAL_MS)
        self._timer.timeout.connect(self.poll)

    @property
    def following(self) -> bool:
        return self.recording is not None

    def follow(self, recording: Recording) -> bool:
        """Follow ``recording`` if its run is still being written; False if it has ended."""
        self.stop()
        if recording.finished is not None or recording.stalled(self.stall_s):
            return False
        self.recording = recording
        self._timer.start()
        return True

    def stop(self) -> None:
        self._timer.stop()
        self.recording = None

    def poll(self) -> None:
        """Look for what was written since the last look."""
        recording = self.recording
        if recording is None:
            return
        at_end = self.at_end()
        try:
            grew = recording.refresh()
        except RecordingError as err:
            self.stop()
            self.ended.emit(self.tr("Stopped following the recording: {0}").format(err))
            return
        if grew:
            self.grown.emit(recording, at_end)
        if recording.finished is not None:
            self.stop()
            self.ended.emit(self.tr("The run finished ({0}); the whole recording can be replayed").format(
                recording.finished))
        elif recording.stalled(self.stall_s):
            self.stop()
            self.ended.emit(self.tr("Nothing was written for {0:.0f} s: no longer following (open the "
                                    "recording again to follow it once it goes on)").format(self.stall_s))
