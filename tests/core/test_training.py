"""The Trainer as its users see it: presets, settings checks, reproducibility, control from
another thread, snapshots, divergence and evaluation."""

from __future__ import annotations

import queue
import threading
import time

import numpy as np
import pytest
import torch

from mnist_viz.core import data, training
from mnist_viz.core import events as ev
from mnist_viz.core.training import PRESETS, TrainConfig, Trainer

EVENT_WAIT_S = 120  # a safety net against a hung worker, not a timing assertion


@pytest.fixture
def tiny(tiny_mnist) -> data.Mnist:
    return data.load(tiny_mnist.root)


def small_config(**changes) -> TrainConfig:
    settings = dict(model="softmax", optimizer="sgd", learning_rate=0.001, batch_size=16, steps=6,
                    device="cpu", eval_every=0, loss_reduction="sum")
    settings.update(changes)
    return TrainConfig(**settings)


def run_all(trainer: Trainer) -> list:
    return list(trainer.run())


def of_type(events, kind):
    return [event for event in events if isinstance(event, kind)]


class Worker:
    """Iterates ``trainer.run()`` on its own thread, as the GUI's worker does.

    In lock-step mode the worker hands over one event and then waits until the test asks
    for the next one, so the test knows exactly where training stands when it calls
    pause, step_once or stop. Otherwise it runs freely ahead.
    """

    def __init__(self, trainer: Trainer, lockstep: bool = True) -> None:
        self.trainer = trainer
        self.lockstep = lockstep
        self.events: queue.Queue = queue.Queue()
        self.acks: queue.Queue = queue.Queue()
        self.waiting_for_ack = False
        self.thread = threading.Thread(target=self._work, daemon=True)
        self.thread.start()

    def _work(self) -> None:
        try:
            for event in self.trainer.run():
                self.events.put(event)
                if self.lockstep:
                    self.acks.get()
        except BaseException as err:  # surface worker crashes in the test
            self.events.put(err)

    def next(self):
        if self.waiting_for_ack:
            self.acks.put(None)
        event = self.events.get(timeout=EVENT_WAIT_S)
        if isinstance(event, BaseException):
            raise event
        self.waiting_for_ack = self.lockstep
        return event

    def until(self, predicate) -> list:
        """Events up to and including the first one for which ``predicate`` is true."""
        seen = []
        while True:
            event = self.next()
            seen.append(event)
            if predicate(event):
                return seen

    def finish(self) -> list:
        seen = self.until(lambda e: isinstance(e, ev.Finished))
        if self.waiting_for_ack:
            self.acks.put(None)
        self.thread.join(timeout=EVENT_WAIT_S)
        assert not self.thread.is_alive(), "the training thread did not end"
        return seen


def step_done(step: int):
    return lambda event: isinstance(event, ev.StepDone) and event.step == step


# ------------------------------------------------------------------ presets

def test_tutorial_softmax_preset_is_the_beginners_tutorial():
    config = PRESETS["tutorial-softmax"]
    assert (config.model, config.optimizer, config.batch_size, config.steps) == ("softmax", "sgd", 100, 1000)
    assert config.loss_reduction == "sum"  # -reduce_sum(y_ * log(y))
    assert config.learning_rate == 0.01
    assert config.init == "tutorial" and config.schedule == "constant"


def test_tutorial_cnn_preset_is_the_experts_tutorial():
    config = PRESETS["tutorial-cnn"]
    assert (config.model, config.optimizer, config.learning_rate) == ("cnn", "adam", 1e-4)
    assert (config.batch_size, config.steps, config.keep_prob) == (50, 20_000, 0.5)
    assert config.init == "tutorial" and config.schedule == "constant"


def test_fast_cnn_preset_stays_within_three_epochs():
    config = PRESETS["fast-cnn"]
    assert config.model == "cnn"
    assert config.steps * config.batch_size <= 3 * 60_000


def test_presets_know_their_names_and_unknown_ones_are_refused():
    for name, config in PRESETS.items():
        assert training.preset(name).preset == name
    with pytest.raises(ValueError, match="tutorial-softmax"):
        training.preset("turbo")


# ----------------------------------------------------------- config checks

@pytest.mark.parametrize("changes, message", [
    ({"learning_rate": -1.0}, "learning rate must be a positive number"),
    ({"learning_rate": float("nan")}, "learning rate must be a positive number"),
    ({"batch_size": 0}, "batch size must be at least 1"),
    ({"steps": -5}, "steps must not be negative"),
    ({"keep_prob": 0.0}, "keep probability must be in (0, 1]"),
    ({"keep_prob": 1.5}, "keep probability must be in (0, 1]"),
    ({"model": "resnet"}, "model must be one of softmax, cnn"),
    ({"optimizer": "lbfgs"}, "optimizer must be one of"),
    ({"eval_every": -1}, "evaluation interval must not be negative"),
    ({"loss_reduction": "max"}, "loss_reduction must be 'sum' or 'mean'"),
])
def test_bad_settings_are_refused_with_what_is_wrong(changes, message):
    with pytest.raises(ValueError) as err:
        TrainConfig(**changes)
    assert message in str(err.value)


def test_every_problem_is_reported_at_once():
    with pytest.raises(ValueError) as err:
        TrainConfig(learning_rate=0, batch_size=0)
    assert "learning rate" in str(err.value) and "batch size" in str(err.value)


# ------------------------------------------------------------ determinism

def losses_and_weights(config: TrainConfig, mnist: data.Mnist):
    trainer = Trainer(config, mnist.train, mnist.test)
    losses = [event.loss for event in run_all(trainer) if isinstance(event, ev.StepDone)]
    return losses, trainer.state_copy()


@pytest.mark.parametrize("model, changes", [
    ("softmax", {}),
    ("cnn", {"optimizer": "adam", "learning_rate": 1e-4, "batch_size": 8, "steps": 3, "keep_prob": 0.5}),
])
def test_the_same_seed_gives_the_same_run(tiny, model, changes):
    config = small_config(model=model, seed=7, **changes)
    losses_a, weights_a = losses_and_weights(config, tiny)
    losses_b, weights_b = losses_and_weights(config, tiny)

    assert losses_a == losses_b
    assert weights_a.keys() == weights_b.keys()
    for name in weights_a:
        assert torch.equal(weights_a[name], weights_b[name]), name

    losses_c, weights_c = losses_and_weights(config.replace(seed=8), tiny)
    assert losses_c != losses_a
    assert any(not torch.equal(weights_a[name], weights_c[name]) for name in weights_a)


def test_a_batch_larger_than_the_data_set_still_trains(tiny):
    events = run_all(Trainer(small_config(batch_size=100, steps=3), tiny.train, tiny.test))
    steps = of_type(events, ev.StepDone)
    assert [s.step for s in steps] == [1, 2, 3]
    assert all(np.isfinite(s.loss) for s in steps)


# ------------------------------------------------------------- a whole run

def test_a_run_reports_start_steps_evaluations_and_the_end(tiny):
    events = run_all(Trainer(small_config(steps=6, eval_every=2), tiny.train, tiny.test))

    assert isinstance(events[0], ev.RunStarted) and events[0].total_steps == 6
    assert events[0].train_size == len(tiny.train) and events[0].device == "cpu"
    assert [s.step for s in of_type(events, ev.StepDone)] == [1, 2, 3, 4, 5, 6]
    assert [e.step for e in of_type(events, ev.Evaluated)] == [2, 4, 6]
    finished = events[-1]
    assert isinstance(finished, ev.Finished) and finished.reason == "completed" and finished.step == 6
    assert finished.test_accuracy == of_type(events, ev.Evaluated)[-1].test_accuracy


def test_a_new_learning_rate_applies_from_the_next_step(tiny):
    trainer = Trainer(small_config(steps=4, learning_rate=0.001), tiny.train, tiny.test)
    rates = []
    for event in trainer.run():
        if isinstance(event, ev.StepDone):
            rates.append(event.learning_rate)
            if event.step == 2:
                trainer.set_learning_rate(0.005)
    assert rates == [0.001, 0.001, 0.005, 0.005]
    with pytest.raises(ValueError):
        trainer.set_learning_rate(0)


# ------------------------------------------------ control from another thread

def test_pause_holds_training_step_once_advances_exactly_one_step_and_stop_ends(tiny):
    trainer = Trainer(small_config(steps=10**9), tiny.train, tiny.test)
    trainer.observe({"softmax_weights"}, max_rate=0.1)  # snapshots show where training stands
    worker = Worker(trainer)
    worker.until(step_done(3))

    trainer.pause()
    trainer.request_snapshot()
    held = worker.until(lambda e: isinstance(e, ev.Snapshot))
    assert held[-1].step == 3 and of_type(held, ev.StepDone) == []
    assert trainer.paused

    trainer.step_once()
    event = worker.next()
    assert isinstance(event, ev.StepDone) and event.step == 4  # the very next event is step 4
    # and its snapshot follows unasked, although the snapshot rate (0.1/s) would wait 10 s:
    # a panel shows the step just taken, not the one before
    after_single_step = worker.until(lambda e: isinstance(e, ev.Snapshot))
    assert after_single_step[-1].step == 4 and of_type(after_single_step, ev.StepDone) == []

    trainer.resume()
    worker.until(step_done(6))
    trainer.stop()
    rest = worker.finish()
    assert of_type(rest, ev.StepDone) == []  # stopped before another step
    finished = rest[-1]
    assert finished.reason == "stopped" and finished.step == 6
    assert trainer.step == 6


def test_stop_while_paused_ends_the_run(tiny):
    trainer = Trainer(small_config(steps=10**9), tiny.train, tiny.test)
    worker = Worker(trainer)
    worker.until(step_done(2))
    trainer.pause()
    trainer.stop()
    rest = worker.finish()
    assert rest[-1].reason == "stopped" and rest[-1].step == 2


def test_stop_from_another_thread_ends_a_free_running_run(tiny):
    trainer = Trainer(small_config(steps=10**9), tiny.train, tiny.test)
    worker = Worker(trainer, lockstep=False)
    worker.until(lambda e: isinstance(e, ev.StepDone) and e.step >= 5)
    trainer.stop()
    finished = worker.finish()[-1]
    assert finished.reason == "stopped"
    assert 5 <= finished.step < 10**9


# ---------------------------------------------------------------- snapshots

def test_no_snapshots_unless_asked(tiny):
    trainer = Trainer(small_config(steps=5), tiny.train, tiny.test)
    trainer.set_probe_from_test(0)  # a probe alone asks for nothing
    assert of_type(run_all(trainer), ev.Snapshot) == []


def test_snapshots_are_read_only_copies_of_the_weights_at_their_step(tiny):
    trainer = Trainer(small_config(steps=10**9, learning_rate=0.01), tiny.train, tiny.test)
    trainer.observe({"softmax_weights"}, max_rate=1000)
    worker = Worker(trainer)

    first = worker.until(lambda e: isinstance(e, ev.Snapshot) and e.step >= 1)[-1]
    weights = first.arrays["softmax_weights"]
    assert isinstance(weights, np.ndarray) and not weights.flags.writeable
    with pytest.raises(ValueError):
        weights[0, 0, 0] = 1.0
    np.testing.assert_array_equal(weights, trainer.model.weights()["softmax_weights"].numpy())
    kept = weights.copy()

    later = worker.until(lambda e: isinstance(e, ev.Snapshot) and e.step >= first.step + 2)[-1]
    np.testing.assert_array_equal(later.arrays["softmax_weights"], trainer.model.weights()["softmax_weights"].numpy())
    np.testing.assert_array_equal(weights, kept)  # training went on; the old snapshot did not change
    assert not np.array_equal(later.arrays["softmax_weights"], kept)
    trainer.stop()
    worker.finish()


def test_snapshots_hold_the_probes_activations_and_only_the_parts_asked_for(tiny):
    trainer = Trainer(small_config(model="cnn", optimizer="adam", learning_rate=1e-4, batch_size=4, steps=1),
                      tiny.train, tiny.test)
    trainer.set_probe_from_test(3)
    trainer.observe({"conv1_filters", "pool1", "probabilities"})
    snapshots = of_type(run_all(trainer), ev.Snapshot)

    assert snapshots
    last = snapshots[-1]
    assert set(last.arrays) == {"conv1_filters", "pool1", "probabilities"}
    assert last.arrays["conv1_filters"].shape == (32, 5, 5)
    assert last.arrays["pool1"].shape == (32, 14, 14)
    assert last.arrays["probabilities"].shape == (10,)
    assert last.arrays["probabilities"].sum() == pytest.approx(1.0, abs=1e-5)
    assert last.probe_index == 3 and last.probe_label == int(tiny.test.labels[3])
    assert all(not array.flags.writeable for array in last.arrays.values())


# --------------------------------------------------------------- divergence

def test_a_far_too_large_learning_rate_diverges_and_pauses(tiny):
    # The tutorial's summed loss at rate 10: logits of thousands after one step.
    trainer = Trainer(small_config(learning_rate=10.0, loss_reduction="sum", steps=10**9), tiny.train, tiny.test)
    worker = Worker(trainer)
    seen = worker.until(lambda e: isinstance(e, ev.Diverged))
    diverged = seen[-1]

    assert diverged.step <= 5
    assert diverged.loss > training.DIVERGENCE_LOSS or not np.isfinite(diverged.loss)
    assert "Lower the learning rate" in diverged.message and "10" in diverged.message
    assert trainer.paused
    trainer.stop()
    rest = worker.finish()
    assert of_type(rest, ev.StepDone) == []  # paused: no step after the divergence
    assert rest[-1].reason == "diverged" and rest[-1].step == diverged.step


def test_the_tutorial_rate_does_not_diverge_on_real_mnist(real_mnist):
    config = PRESETS["tutorial-softmax"].replace(steps=50, device="cpu", eval_every=0)
    events = run_all(Trainer(config, real_mnist.train.subset(5000), real_mnist.test.subset(500)))
    assert of_type(events, ev.Diverged) == []


# --------------------------------------------------------------- evaluation

def test_evaluate_matches_a_manual_count(tiny):
    trainer = Trainer(small_config(steps=3, learning_rate=0.001), tiny.train, tiny.test)
    run_all(trainer)

    result = trainer.evaluate(batch_size=10)  # batches that do not divide the 32 test images

    model = trainer.model.eval()
    with torch.no_grad():
        predicted = model(data.to_float(tiny.test.images)).argmax(1)
    correct = (predicted == tiny.test.labels)
    assert result.test_accuracy == pytest.approx(correct.float().mean().item())
    assert result.confusion.sum() == len(tiny.test)
    assert np.trace(result.confusion) == correct.sum().item()
    np.testing.assert_array_equal(result.predictions, predicted.numpy())
    np.testing.assert_array_equal(result.misclassified, torch.nonzero(~correct).flatten().numpy())


def test_tutorial_softmax_reaches_the_tutorials_91_percent(real_mnist):
    config = PRESETS["tutorial-softmax"].replace(device="cpu", eval_every=0)
    finished = run_all(Trainer(config, real_mnist.train, real_mnist.test))[-1]
    assert finished.reason == "completed"
    assert finished.test_accuracy >= 0.91


# ------------------------------------------------------ training subset, training accuracy

def test_a_training_subset_of_100_only_ever_draws_the_first_100_images(real_mnist):
    trainer = Trainer(small_config(batch_size=32, steps=12, train_subset=100), real_mnist.train,
                      real_mnist.test.subset(10))
    drawn = set()
    for _ in range(12):  # almost four epochs of the 100 images
        trainer.train_step()
        drawn |= set(trainer.snapshot({training.BATCH_PART}).arrays["batch/indices"].tolist())

    assert len(trainer.train_set) == 100
    assert max(drawn) < 100 and len(drawn) == 100  # every one of them, and nothing else


def test_the_training_accuracy_is_measured_on_the_images_trained_on_without_dropout(real_mnist):
    subset = real_mnist.train.subset(40)
    config = small_config(model="cnn", optimizer="adam", learning_rate=1e-3, batch_size=20, steps=0,
                          train_subset=40, keep_prob=0.5)
    trainer = Trainer(config, real_mnist.train, real_mnist.test.subset(60))

    result = trainer.evaluate()

    assert trainer.model.training  # evaluation leaves the model training again
    model = trainer.model.eval()
    with torch.no_grad():
        correct = (model(data.to_float(subset.images)).argmax(1) == subset.labels).float().mean().item()
    assert len(trainer.train_eval_set) == 40
    assert result.train_accuracy == pytest.approx(correct)


def test_without_a_subset_the_training_accuracy_uses_at_most_as_many_images_as_the_test(tiny):
    trainer = Trainer(small_config(), tiny.train, tiny.test)

    assert len(trainer.train_set) == len(tiny.train)
    assert len(trainer.train_eval_set) == min(training.TRAIN_EVAL_IMAGES, len(tiny.test))
    assert trainer.evaluate().train_accuracy is not None
    assert training.train_eval_size(60_000, 0, 10_000) == 1000
    assert training.train_eval_size(60_000, 30_000, 10_000) == training.TRAIN_EVAL_MAX


def test_a_training_subset_larger_than_the_training_set_is_refused_in_one_line(tiny):
    with pytest.raises(ValueError) as err:
        Trainer(small_config(train_subset=65), tiny.train, tiny.test)
    assert "larger than the training set (64 images)" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(ValueError, match="training subset must be a whole number"):
        small_config(train_subset=-1)


def test_configs_saved_before_the_training_subset_load_as_the_whole_training_set():
    from pathlib import Path

    from mnist_viz.core import checkpoints

    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "v0_1_0"
    for name in ("softmax.pt", "cnn-compact.pt"):
        saved = checkpoints.load(fixtures / name).config
        assert "train_subset" not in saved
        assert TrainConfig().replace(**saved).train_subset == 0


# ------------------------------------------------------- what streaming costs
def test_snapshots_come_less_often_where_they_would_cost_more_than_their_share(tiny, monkeypatch):
    """A snapshot that takes long (a slow or busy machine) is not taken at every step a high
    rate would allow: snapshots stay under SNAPSHOT_COST_FRACTION of the run (issue 18: streaming
    costs almost nothing). Without the budget the run below took one after every step."""
    trainer = Trainer(small_config(steps=12), tiny.train, tiny.test)
    slow = trainer._snapshot

    def slow_snapshot(parts):
        time.sleep(0.05)  # a snapshot as costly as a CNN's on a loaded machine
        return slow(parts)

    monkeypatch.setattr(trainer, "_snapshot", slow_snapshot)
    trainer.observe({"softmax_weights"}, max_rate=1000.0)
    snapshots = of_type(run_all(trainer), ev.Snapshot)
    # the first (observe asks for one at once) and the final one, hardly any in between
    assert 2 <= len(snapshots) <= 4
    assert trainer.snapshot_cost_s > 0
    assert trainer.snapshot_interval(1000.0) >= 0.05 / training.SNAPSHOT_COST_FRACTION * 0.5


def test_cheap_snapshots_keep_the_rate_asked_for(tiny):
    """The rate asked for holds while a snapshot costs under its share of the interval; beyond, the
    interval grows with the cost."""
    trainer = Trainer(small_config(), tiny.train, tiny.test)
    trainer.snapshot_cost_s = 0.5 * training.SNAPSHOT_COST_FRACTION / 15
    assert trainer.snapshot_interval(15.0) == pytest.approx(1 / 15)
    trainer.snapshot_cost_s = 0.01
    assert trainer.snapshot_interval(15.0) == pytest.approx(0.01 / training.SNAPSHOT_COST_FRACTION)


def test_a_snapshot_leaves_the_torch_threads_as_they_are(tiny, monkeypatch):
    """torch's thread count is process-wide: a snapshot does not switch it (see SNAPSHOT_THREADS)."""
    trainer = Trainer(small_config(), tiny.train, tiny.test)
    trainer.set_probe_from_test(0)
    seen = []
    activations = trainer.model.activations
    monkeypatch.setattr(trainer.model, "activations", lambda x: seen.append(torch.get_num_threads()) or activations(x))
    previous = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        snapshot = trainer.snapshot({"probabilities", "softmax_weights"})
        assert seen == [2] and torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(previous)
    assert set(snapshot.arrays) == {"probabilities", "softmax_weights"}


def test_the_statistics_take_their_small_share_of_the_trainers_time(tiny):
    trainer = Trainer(small_config(), tiny.train, tiny.test)
    assert trainer.distribution_monitor.max_cost_fraction == training.STATISTICS_COST_FRACTION <= 0.01
