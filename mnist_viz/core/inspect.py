"""The inspector: any part a panel asks for, computed for the weights and probe shown.

Given a :class:`~mnist_viz.core.state.Weights` that can be read in full and a probe image,
:meth:`Inspector.snapshot` returns the same :class:`~mnist_viz.core.events.Snapshot` the
training thread would send for those weights: the learned weights as images
(``softmax_weights``, ``conv1_filters``, ...) and what the probe does inside the network
(``input``, ``conv1`` ... ``probabilities``, ``evidence``), numpy out. Panels cannot tell
the two apart, so what they draw when nothing trains is what they would draw during a run.

It runs off the GUI thread (the window's inspector controller calls it in a worker).
torch is imported when it first computes, never when this module is imported.

Not computed here: the ``distributions`` statistics. Their gradient norms need a training
batch and their value is their history over the run, which the window keeps (see
``gui.hub``), so a finished run's Distributions panel shows its history, not a recomputation.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import numpy as np

from . import events as ev
from . import networks
from .state import Weights


def computable_parts(model: str) -> frozenset[str]:
    """The parts the inspector can compute for ``model`` (any model identifier; none for a
    text that is not one)."""
    try:
        return frozenset(networks.weight_parts(model)) | frozenset(networks.activation_parts(model))
    except ValueError:
        return frozenset()


class Inspector:
    """Computes parts for weights and a probe; keeps the last model built (one at a time)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._model = None
        self._loaded_from: Weights | None = None

    def _model_for(self, weights: Weights):
        if self._model is not None and self._loaded_from is weights and weights.frozen:
            return self._model
        model = weights.network(self._model)
        self._model, self._loaded_from = model, weights
        return model

    def snapshot(self, weights: Weights, parts: Iterable[str], probe_image: np.ndarray | None = None,
                 probe_label: int | None = None, probe_index: int | None = None) -> ev.Snapshot:
        """The parts of ``parts`` this inspector can compute, for ``weights`` and the probe.

        ``probe_image``: (28, 28) float in [0, 1]; without it no activation part is computed.
        Raises LookupError when the weights cannot be read in full (a replayed step)."""
        import torch

        wanted = set(parts) & computable_parts(weights.model)
        with self._lock, torch.inference_mode():
            model = self._model_for(weights)
            arrays = {name: value for name, value in model.weights().items() if name in wanted}
            active = wanted & set(model.activation_parts)
            if active and probe_image is not None:
                image = torch.as_tensor(np.asarray(probe_image, dtype=np.float32)).reshape(1, 1, 28, 28)
                activations = model.activations(image)
                arrays.update({name: activations[name][0] for name in active})
        return ev.Snapshot(step=int(weights.step or 0), arrays=ev.frozen_mapping(arrays),
                           probe_label=probe_label, probe_index=probe_index)


def state_dict_reader(model) -> callable:
    """A reader for a model that will not change again: a CPU copy of its weights."""
    def read():
        return {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}
    return read
