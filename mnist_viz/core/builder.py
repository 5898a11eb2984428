"""A model identifier becomes a network with fresh weights: the one place for any model.

:func:`build_model` gives the two tutorial classes of :mod:`mnist_viz.core.models` for
"softmax" and "cnn" (and for their architectures' texts, which are the same models: see
:mod:`mnist_viz.core.networks`), and a :class:`~mnist_viz.core.layernet.LayerNet` for any
other architecture (an :class:`~mnist_viz.core.arch.ArchError` of one line for a bad one).

Why not in ``models.py``: ``layernet`` computes through ``levers``, which imports ``models``
for the tutorial CNN, so ``models`` importing ``layernet`` would be an import cycle (the
layering forbids them, imports inside functions included). ``models.build_model`` still
builds the two tutorial networks for callers that only ever ask for those.
"""

from __future__ import annotations

import torch

from . import models, networks
from .layernet import LayerNet
from .models import DeepMnistCNN, SoftmaxRegression, count_parameters  # noqa: F401  (re-exported)

#: Any network the app trains.
Model = SoftmaxRegression | DeepMnistCNN | LayerNet


def build_model(name: str, init: str = "tutorial", keep_prob: float | None = 0.5, seed: int | None = None,
                dataset: str | None = "mnist") -> Model:
    """The network ``name`` (a model identifier) names, with fresh weights.

    ``init``: a scheme of ``config.INIT_CHOICES``; "auto" is the tutorial init for the two
    tutorial classes (the init they were written with) and He/Xavier by activation for any
    other network. ``keep_prob``: every dropout's keep probability; None keeps each
    dropout's own P (the tutorial CNN's 0.5). With ``seed`` the weights are drawn from a
    generator of their own, so the same seed gives the same weights even while another
    thread is using torch's global random numbers (two trainings side by side, dropout).
    """
    from .config import INIT_CHOICES

    if init not in INIT_CHOICES:
        raise ValueError(f"unknown init {init!r}; choose one of {', '.join(INIT_CHOICES)}")
    model = networks.model_id(name, dataset)
    if networks.is_tutorial(model):
        return models.build_model(model, init=init, keep_prob=keep_prob, seed=seed)
    generator = None if seed is None else torch.Generator().manual_seed(seed)
    return LayerNet(networks.describe(model, dataset), init=init, keep_prob=keep_prob, generator=generator)


def penalised_weights(model: torch.nn.Module) -> list[torch.Tensor]:
    """The tensors the L2 penalty (``TrainConfig.l2``) acts on: every convolution's and fully
    connected layer's weight (softmax regression's W), never a bias or batch norm's scale
    and shift."""
    if isinstance(model, SoftmaxRegression):
        return [model.W]
    return [module.weight for module in model.modules() if isinstance(module, (torch.nn.Conv2d, torch.nn.Linear))]
