"""A timeline bar for replaying a recorded run, like TensorBoard's step slider.

The bar knows nothing of recordings or panels: it is given the steps one can go to
(:meth:`TimelineBar.set_steps`, ascending) and says which one the user picked
(``step_chosen``), or that the user wants the live run back (``live_requested``).
It holds

* a slider whose positions are the recorded steps (one position per snapshot, since
  that is what the weight and activation panels can show differently);
* a label saying what is shown ("Replaying step 1,200 of 3,000", or "Live");
* a play/pause button that walks through the steps at ``PLAY_STEPS_PER_SECOND``;
* a "Live" button that goes back to the run being trained (enabled only when there is one).

Moving the slider emits ``step_chosen`` for every position it passes: whoever listens
should throttle the expensive work (see :mod:`mnist_viz.gui.replay`).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QSlider, QStyle, QToolButton, QWidget

#: Recorded steps shown per second while playing.
PLAY_STEPS_PER_SECOND = 4.0

# The slider's tooltip (translated where it is shown, in context "TimelineBar").
HELP = QT_TRANSLATE_NOOP("TimelineBar", "Replay the recorded run: drag the slider to any recorded step, and every "
                         "panel shows the run as it was then (loss curve up to that step, weights, filters, "
                         "activations, confusion matrix). Play walks through the recording; Live goes back to "
                         "the run being trained.")


class TimelineBar(QWidget):
    """Slider over recorded steps, step label, play/pause and Live buttons."""

    #: The user chose a recorded step (slider moved, or playing advanced).
    step_chosen = Signal(int)
    #: The user asked to see the live run again.
    live_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.steps: list[int] = []
        self._live_available = False
        self._live = True

        style = self.style()
        self.play_button = QToolButton()
        self.play_button.setObjectName("timeline_play")
        self.play_button.setCheckable(True)
        self.play_button.setAutoRaise(True)
        self.play_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.play_button.setToolTip(
            self.tr("Play the recording ({0:g} recorded steps a second)").format(PLAY_STEPS_PER_SECOND))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("timeline_slider")
        self.slider.setRange(0, 0)
        self.slider.setPageStep(1)
        self.slider.setMinimumWidth(self.fontMetrics().height() * 8)
        self.slider.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.slider.setToolTip(self.tr(HELP))
        self.label = QLabel(QCoreApplication.translate("ReplayController", "No recording"))
        self.label.setObjectName("timeline_label")
        # Wide enough for the longest usual label, in the interface's language (the owner's text).
        widest = QCoreApplication.translate("ReplayController", "Replaying step {0:,} of {1:,}").format(20_000, 20_000)
        self.label.setMinimumWidth(self.fontMetrics().horizontalAdvance(widest + " ·  "))
        self.live_button = QToolButton()
        self.live_button.setObjectName("timeline_live")
        self.live_button.setText(self.tr("Live ▸"))
        self.live_button.setCheckable(True)
        self.live_button.setToolTip(self.tr("Show the run being trained again (training goes on while you replay)"))

        layout = QHBoxLayout(self)
        margin = self.fontMetrics().height() // 4
        layout.setContentsMargins(margin, 0, margin, 0)
        layout.addWidget(self.play_button)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)
        layout.addWidget(self.live_button)

        self._play_timer = QTimer(self)
        self._play_timer.setInterval(round(1000 / PLAY_STEPS_PER_SECOND))
        self._play_timer.timeout.connect(self._advance)
        self.play_button.toggled.connect(self._on_play_toggled)
        self.slider.valueChanged.connect(self._on_slider_moved)
        self.live_button.clicked.connect(self._on_live_clicked)
        self._update_buttons()

    # ----------------------------------------------------------------- state
    @property
    def current_step(self) -> int | None:
        """The step the slider is on (None without steps)."""
        return self.steps[self.slider.value()] if self.steps else None

    @property
    def live(self) -> bool:
        """True while the bar says the live run is shown."""
        return self._live

    @property
    def playing(self) -> bool:
        return self.play_button.isChecked()

    def set_steps(self, steps: Sequence[int], follow_end: bool | None = None) -> None:
        """The steps one can go to (ascending). The slider keeps its step if it still exists;
        ``follow_end`` (default: while live) puts it at the newest step."""
        steps = [int(step) for step in steps]
        if steps == self.steps:
            return
        current = self.current_step
        follow = self._live if follow_end is None else follow_end
        self.steps = steps
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, len(steps) - 1))
        if follow or current is None:
            self.slider.setValue(len(steps) - 1 if follow else 0)
        else:
            # the last recorded step at or before the one shown
            self.slider.setValue(max(0, sum(1 for step in steps if step <= current) - 1))
        self.slider.blockSignals(False)
        self._update_buttons()

    def set_live_available(self, available: bool) -> None:
        """Whether there is a live run to go back to."""
        self._live_available = bool(available)
        self._update_buttons()

    def set_live(self, live: bool) -> None:
        """Show the bar as following the live run (True) or replaying (False), quietly."""
        self._live = bool(live)
        if live:
            self.play_button.setChecked(False)
        self._update_buttons()

    def show_step(self, step: int) -> None:
        """Put the slider on the recorded step at or before ``step`` without emitting anything."""
        if not self.steps:
            return
        index = max(0, sum(1 for recorded in self.steps if recorded <= step) - 1)
        self.slider.blockSignals(True)
        self.slider.setValue(index)
        self.slider.blockSignals(False)

    def set_text(self, text: str) -> None:
        self.label.setText(text)

    # ---------------------------------------------------------------- events
    def _on_slider_moved(self, index: int) -> None:
        if 0 <= index < len(self.steps):
            self._live = False
            self._update_buttons()
            self.step_chosen.emit(self.steps[index])

    def _on_live_clicked(self) -> None:
        self.play_button.setChecked(False)
        self.live_button.setChecked(self._live)  # the owner decides (set_live)
        if self._live_available:
            self.live_requested.emit()

    def _on_play_toggled(self, playing: bool) -> None:
        style = self.style()
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(style.standardIcon(icon))
        if playing:
            if self.slider.value() >= len(self.steps) - 1:  # at the end: play from the start
                self.slider.setValue(0)  # emits step_chosen
            self._play_timer.start()
        else:
            self._play_timer.stop()

    def _advance(self) -> None:
        if self.slider.value() >= len(self.steps) - 1:
            self.play_button.setChecked(False)
            return
        self.slider.setValue(self.slider.value() + 1)

    def _update_buttons(self) -> None:
        has_steps = len(self.steps) > 0
        self.slider.setEnabled(has_steps)
        self.play_button.setEnabled(len(self.steps) > 1)
        self.live_button.setEnabled(self._live_available)
        self.live_button.setChecked(self._live and self._live_available)
        if self._live_available:
            self.live_button.setToolTip(self.tr("Show the run being trained again (training goes on while you replay)"))
        else:
            self.live_button.setToolTip(self.tr("No run is being trained: nothing live to show"))
