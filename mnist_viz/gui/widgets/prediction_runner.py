"""One prediction at a time, for the newest request only: the canvas's worker glue.

:class:`PredictionRunner` runs a generator function (:func:`.prediction.prediction_steps`)
in a superqt worker. A request that arrives while one runs stops it (what it has still
to yield is stale) and is folded into one follow-up, started when the running one ends;
results that are not the newest request's are dropped.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Signal
from superqt.utils import GeneratorWorker, WorkerBase, create_worker

#: What to run, asked for each time a run can start: (function, *arguments), called in a
#: worker as ``function(request, *arguments)``; None: nothing to run.
Job = Callable[[], "tuple | None"]


class PredictionRunner(QObject):
    #: A result (with a ``request`` attribute) of the newest request, on the GUI thread.
    yielded = Signal(object)
    #: The exception a run raised (whichever request it was for).
    errored = Signal(object)

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self.request = 0  # the newest request's number; results of older ones are dropped
        self.pending = False  # a follow-up starts when the running worker ends
        self._worker: WorkerBase | None = None

    @property
    def busy(self) -> bool:
        """True while a run is in flight or a follow-up waits for it to end."""
        return self._worker is not None or self.pending

    def start(self) -> None:
        """Run the job now, or, while a run is in flight, stop that one and run it after."""
        if self._worker is not None:
            self.pending = True
            self._worker.quit()  # what it has still to yield is stale: skip it
            return
        self.pending = False
        job = self._job()
        if job is None:
            return
        function, *args = job
        self.request += 1
        worker = create_worker(function, self.request, *args, _start_thread=False, _ignore_errors=True)
        if isinstance(worker, GeneratorWorker):
            worker.yielded.connect(self._on_yielded)
        worker.errored.connect(self.errored)
        worker.finished.connect(self._on_finished)
        self._worker = worker
        worker.start()

    def drop(self) -> int:
        """Forget the follow-up and what is in flight (its results will be dropped); the new request number."""
        self.request += 1
        self.pending = False
        return self.request

    def stop(self, timeout_ms: int = 3000) -> bool:
        """No follow-up; stop the run in flight and wait (up to ``timeout_ms``) for it to end."""
        self.pending = False
        if self._worker is None:
            return True
        self._worker.quit()
        deadline = time.monotonic() + timeout_ms / 1000
        while self._worker is not None and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        return self._worker is None

    def _on_yielded(self, result) -> None:
        if result.request == self.request and not self.pending:
            self.yielded.emit(result)

    def _on_finished(self) -> None:
        self._worker = None
        if self.pending:
            self.start()
