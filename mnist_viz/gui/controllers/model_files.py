"""The window's model files: autosave when a run ends, File > Save model... and Open model....

Autosave itself (the folder, the file names, pruning to the newest ``KEEP``) is Qt-free and
lives in :mod:`mnist_viz.core.autosave`, which the command line uses too; its names are
re-exported here. :class:`RunKeeper` is the window's side: it autosaves when a run ends,
offers "Save model..." in the message banner, asks "Save the trained model?" when the
window is closed with an unsaved run, and runs File > Save model... and File > Open
model.... When saving fails, the weights stay in the window (and in the autosave folder)
and a dialog says what failed and offers "Save elsewhere...".
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer

from ...core import checkpoints, networks
from ..background import OneAtATime, call_responsively
from ...core.autosave import AUTOSAVE_ENV, KEEP, autosave, autosave_dir, autosave_name, autosaves, prune

__all__ = ["AUTOSAVE_ENV", "KEEP", "RunKeeper", "autosave", "autosave_dir", "autosave_name", "autosaves", "prune"]


# ====================================================================== the window's side
class RunKeeper:
    """Keeps the trained weights of the window's runs from being lost.

    * When a run ends (finished, stopped, diverged and stopped, or the window closing),
      its weights are autosaved (see :func:`autosave`) and the path is logged.
    * After the user stops a run, the message banner offers "Save model...".
    * :meth:`confirm_close` asks "Save the trained model?" (Save... / Discard / Cancel) when
      the window is closed with a run whose weights the user has not saved.
    * :meth:`save_model` and :meth:`open_model` are File > Save model... / Open model....

    Its texts are translated in the context "RunKeeper" (it is not a QObject, so
    ``QCoreApplication.translate`` marks them).

    ``ask`` turns the questions off (no dialog on close): the window does so where nobody
    could answer one (``QT_QPA_PLATFORM=offscreen``, a screenshot run).
    """

    def __init__(self, window, worker, run, feedback, hub, controls, dataset, save_action,
                 enabled: bool = True, ask: bool = True) -> None:
        """``window`` is the parent of its dialogs; ``run`` the shared RunState; ``dataset()``
        the data set chosen now; ``save_action`` the File > Save model... action the banner offers."""
        from ... import logs

        self.window = window
        self.worker = worker
        self.run = run
        self.feedback = feedback
        self.hub = hub
        self.controls = controls
        self.dataset = dataset
        self.save_action = save_action
        self.enabled = enabled
        self.ask = ask
        self.log = logs.get("gui")
        self.last_autosave: Path | None = None
        #: Show a checked checkpoint in every panel (path, checkpoint) -> False while a run trains
        #: (set by the window: the view controller's show_checkpoint).
        self.show_checkpoint = lambda path, checkpoint: False
        self.autosave_error: str | None = None
        #: The run trained last: its live Weights (reader, TrainConfig, step), from
        #: :meth:`on_run_created` (the view controller's run_created); None before the first.
        self._run = None
        self._runs = 0                                   # runs seen, to tell them apart
        self._evaluation = None                          # the run's newest ev.Evaluated
        self._autosaved: tuple[int, int] | None = None   # (run number, step) last autosaved
        self._saved: tuple[int, int] | None = None       # (run number, step) saved by the user
        # Connected before the window's own handler: a "Reset weights" restart starts the
        # next run there, and the run that just ended must be saved first.
        worker.state_changed.connect(self._on_state_changed)
        worker.finished.connect(self._on_finished)
        worker.evaluated.connect(self._on_evaluated)
        self._end_reason = ""
        self._banner_text: str | None = None             # the "autosaved to ..." banner, while shown
        self._opening = OneAtATime()                     # File > Open model... is reading a file

    # ----------------------------------------------------------------- state
    def on_run_created(self, weights) -> None:
        """A run was created (its live core.state.Weights): the one this keeper keeps from now on."""
        self._run, self._evaluation = weights, None
        self._runs += 1

    def _on_evaluated(self, event) -> None:
        self._evaluation = event

    def _step(self) -> int:
        return (self._run.current_step() or 0) if self._run is not None else 0

    def _marker(self) -> tuple[int, int] | None:
        step = self._step()
        return None if step <= 0 else (self._runs, step)

    def _metrics(self, step: int) -> dict[str, float]:
        """The test accuracy, if the run was evaluated at ``step`` (its weights as saved)."""
        evaluation = self._evaluation
        return {"test_accuracy": evaluation.test_accuracy} if evaluation is not None and evaluation.step == step else {}

    def unsaved(self) -> bool:
        """True when the last run trained steps that the user has not saved with Save model...."""
        marker = self._marker()
        return marker is not None and marker != self._saved

    def _on_finished(self, event) -> None:
        self._end_reason = event.reason  # "completed", "stopped" or "diverged"

    def _on_state_changed(self, state: str) -> None:
        if state != "idle":
            self._end_reason = ""
            return
        path = self.autosave_now()
        banner = self.feedback.banner
        restarting = self.run.restarting
        # Offered after Stop (a finished run's end is in the status bar; File > Save model... and
        # the question on close remain); never over a banner already showing (divergence).
        # (A worker ended by closing the window ends before its Finished: no reason means stopped.)
        if (path is not None and self.ask and not restarting and self._end_reason in ("", "stopped")
                and not banner.isVisible()):
            step = self._step()
            self._banner_text = QCoreApplication.translate(
                "RunKeeper", "The run ended at step {0:,}; its weights were autosaved to {1}. "
                "Keep them somewhere of your choosing?").format(step, path)
            banner.show_message(self._banner_text, fix=self.save_action)

    def autosave_now(self) -> Path | None:
        """Autosave the current run's weights if they changed since the last autosave."""
        marker = self._marker()
        if not self.enabled or marker is None or marker == self._autosaved or self.worker.running:
            return None
        run, step = self._run, marker[1]
        try:
            path = autosave(dict(run.read()), run.config, step, self._metrics(step),
                            dataset=self.run.dataset or self.dataset())
        except (checkpoints.CheckpointError, OSError, RuntimeError) as err:
            self.autosave_error = str(err)
            self.log.warning("autosave failed: %s", err)
            self.feedback.status.showMessage(
                QCoreApplication.translate("RunKeeper", "Could not autosave the run: {0}").format(err), 8000)
            return None
        self._autosaved = marker
        self.last_autosave = path
        self.autosave_error = None
        self.log.info("autosaved %s step %d to %s", run.model, step, path)
        return path

    # ----------------------------------------------------------- save, open
    def save_model(self, path: str | os.PathLike[str] | None = None) -> Path | None:
        """Save the current run's weights to ``path`` (asked for with a file dialog when None)."""
        from PySide6.QtWidgets import QFileDialog

        window, status = self.window, self.feedback.status
        marker = self._marker()
        if marker is None:
            status.showMessage(
                QCoreApplication.translate("RunKeeper", "Nothing to save yet: train a few steps first"), 5000)
            return None
        run, step = self._run, marker[1]
        if path is None:
            name = autosave_name(run.config, step).rsplit("-", 2)[0] + ".pt"
            start = str(Path.home() / name)
            path, _ = QFileDialog.getSaveFileName(
                window, QCoreApplication.translate("RunKeeper", "Save the trained model"), start,
                QCoreApplication.translate("RunKeeper", "mnist-viz checkpoints (*.pt);;All files (*)"))
            if not path:
                return None
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(".pt")
        try:
            from ...core.builder import build_model

            model = build_model(run.config.model, keep_prob=run.config.keep_prob)
            model.load_state_dict(dict(run.read()))
            checkpoints.save(path, model, run.config, step=step, metrics=self._metrics(step),
                             dataset=self.run.dataset or self.dataset())
        except checkpoints.CheckpointError as err:
            self.offer_another_place(str(err))
            return None
        self._saved = marker
        self.log.info("saved %s step %d to %s", run.model, step, path)
        status.showMessage(
            QCoreApplication.translate("RunKeeper", "Saved the model (step {0:,}) to {1}").format(step, path),
            8000)
        banner = self.feedback.banner
        if banner.isVisible() and banner.label.text() == self._banner_text:  # the autosave banner
            banner.hide()
        return path

    def offer_another_place(self, reason: str):
        """Saving failed: say what failed, that the weights are kept (in the window, and a copy
        in the autosave folder when one could be written) and offer "Save elsewhere...", which
        opens the file dialog again. Returns the (non-blocking) message box."""
        from PySide6.QtWidgets import QMessageBox

        marker = self._marker()
        if marker is not None and marker != self._autosaved:
            self.autosave_now()  # a copy, if the autosave folder can take one (None while running)
        copy = self.last_autosave if marker is not None and marker == self._autosaved else None
        if copy is not None:
            informative = QCoreApplication.translate(
                "RunKeeper", "The trained weights are kept: they are still in the window, and a copy is in {0}. "
                "Save them somewhere else?").format(copy)
        else:
            informative = QCoreApplication.translate(
                "RunKeeper", "The trained weights are kept in the window until it is closed or a new run starts. "
                "Save them somewhere else?")
        box = self.feedback.show_message(QMessageBox.Icon.Warning,
                                         QCoreApplication.translate("RunKeeper", "The model was not saved"),
                                         reason, informative)
        box.setStandardButtons(QMessageBox.StandardButton.Cancel)
        again = box.addButton(QCoreApplication.translate("RunKeeper", "Save elsewhere..."),
                              QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(again)
        # After the box has closed: the file dialog opens on its own, not inside the click.
        again.clicked.connect(lambda: QTimer.singleShot(0, self.save_model))
        return box

    def open_model(self, path: str | os.PathLike[str] | None = None) -> bool:
        """Open a checkpoint: checked here, then the Draw a digit panel answers with it.

        A file that is not a checkpoint, one of the other model than the one chosen, or
        one trained on another data set is refused with a dialog saying what to do.
        """
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        window = self.window
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                window, QCoreApplication.translate("RunKeeper", "Open a trained model"), str(autosave_dir()),
                QCoreApplication.translate("RunKeeper", "mnist-viz checkpoints (*.pt);;All files (*)"))
            if not path:
                return False
        status = self.feedback.status
        if self._opening.busy:  # (one is being read: its answer comes first)
            return False
        try:
            # (the weights are checked to fit the model: the same reading as the canvas's and
            # predict's), read off the GUI thread: a file on a slow share never freezes the window
            with self._opening:
                _, checkpoint = call_responsively(
                    functools.partial(checkpoints.load_model, path, expect_dataset=self.dataset()))
        except checkpoints.CheckpointError as err:
            self.feedback.show_message(QMessageBox.Icon.Warning, QCoreApplication.translate(
                "RunKeeper", "The model could not be opened"), str(err))
            return False
        # Every panel shows it when nothing trains (the control panel switches to its network,
        # whichever architecture); during a run they keep showing the run, and the Draw a digit
        # panel alone answers with the checkpoint.
        model = networks.title(checkpoint.model_name)
        everywhere = self.show_checkpoint(str(path), checkpoint)
        canvas = self.hub.checkpoint_panel()
        if canvas is None:
            status.showMessage(QCoreApplication.translate(
                "RunKeeper", "{0} is a valid {1} checkpoint (no panel to show it in)").format(path, model), 8000)
            return True
        if not everywhere:  # (else it follows the view state, as every panel does)
            canvas.load_checkpoint(path)
        dock = self.hub.docks.get(canvas.panel_id)
        if dock is not None:
            dock.show()
            dock.raise_()
        accuracy = checkpoint.metrics.get("test_accuracy")
        note = QCoreApplication.translate("RunKeeper", ", test accuracy {0:.2%}").format(accuracy) if accuracy else ""
        if everywhere:
            text = QCoreApplication.translate("RunKeeper", "Opened {0} ({1}, step {2:,}{3}): every panel shows it")
        else:
            text = QCoreApplication.translate(
                "RunKeeper", "Opened {0} ({1}, step {2:,}{3}): the Draw a digit panel answers with it; "
                "the other panels keep showing the run being trained")
        status.showMessage(text.format(Path(path).name, model, checkpoint.step, note), 8000)
        self.log.info("opened %s", path)
        return True

    # ---------------------------------------------------------------- close
    def confirm_close(self) -> bool:
        """Before the window closes: False if the user chose Cancel (or cancelled saving).

        Asks only about a run that has ended (a running one is stopped and autosaved by
        the window's close) and whose weights were not saved by the user.
        """
        from PySide6.QtWidgets import QMessageBox

        if not self.ask or self.worker.running or not self.unsaved():
            return True
        buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                   | QMessageBox.StandardButton.Cancel)
        where = (QCoreApplication.translate("RunKeeper", " (a copy was autosaved to {0})").format(
            self.last_autosave.parent) if self.last_autosave else "")
        answer = QMessageBox.question(
            self.window, QCoreApplication.translate("RunKeeper", "Save the trained model?"),
            QCoreApplication.translate("RunKeeper", "The {0} model trained for {1:,} steps has not been saved{2}. "
                                       "Save it before closing?").format(self._run.model, self._step(), where),
            buttons, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        if answer == QMessageBox.StandardButton.Save:
            return self.save_model() is not None  # cancelling the file dialog keeps the window open
        return True
