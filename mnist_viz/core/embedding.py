"""Where the network puts each test image: its penultimate features, projected to 2-D.

TensorBoard's projector, computed for the weights of the moment (live or replayed), so
that the user can watch the classes' clusters form as training goes on. Three pure steps,
each a function of (model, inputs) returning numpy arrays, none touching Qt:

1. :func:`balanced_sample`: a fixed, class-balanced choice of ``count`` test images
   (default 2,000: 200 per class), the same for the same labels and seed, so that the
   points stay the same images from one redraw to the next.
2. :func:`penultimate_features`: what the network's last layer reads, in batches under
   ``torch.inference_mode`` and in eval mode (no dropout). For the CNN that is fc1 after
   its ReLU (1024 values); in general, the input of the last ``nn.Linear``, caught with a
   forward pre-hook, so that any architecture built of modules works the same. Softmax
   regression (any single fc layer on the pixels) has no hidden layer: its features are its 10 logits.
3. :func:`pca_2d`: the projection onto the two principal components of the centred
   features. Signs (and, for nearly equal variances, the order) of the two components are
   aligned with the previous projection's when one is given, so points do not flip or swap
   axes when the panel redraws after more training; without one, each component's largest
   loading is made positive (the convention of scikit-learn's ``svd_flip``), so the same
   features always give the same picture.

:func:`embed` does all three and adds each point's label, prediction and whether it is
misclassified. ``embed(..., method="tsne")`` (:func:`tsne_2d`) lays the points out by
t-SNE instead when the ``openTSNE`` package is importable (it is not a dependency; see
:data:`TSNE_PACKAGE` for why that one).

Why the PCA is computed here rather than by ``torch.pca_lowrank``: that function draws its
random test matrix from torch's global generator, which a training thread uses for its
dropout masks, so computing an embedding would change the run it shows. The same
randomised subspace iteration (Halko et al.) is written out below (torch's QR and products,
the random start from a private numpy generator), warm-started from the previous basis; for 2,000 x 1,024 features it took about
0.1 s on a busy 2-core machine, where a full SVD took 6.6 s. Up to ``EXACT_MAX_DIM``
features (softmax's 10 logits) the covariance is diagonalised exactly instead.

The model must not be used by another thread during a call (pass a copy of the live
weights): its mode is set to eval for the call and restored afterwards, and a hook is
added and removed.
"""

from __future__ import annotations

import importlib.util
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # torch is imported where used: the window is built before torch loads
    import torch
    from torch import nn

DEFAULT_COUNT = 2_000
DEFAULT_SEED = 0
BATCH_SIZE = 500
#: Oversampling and iterations of the subspace iteration (see :func:`pca_2d`).
PCA_OVERSAMPLE = 8
PCA_ITERATIONS = 4
#: Up to this many features the covariance is diagonalised exactly instead.
EXACT_MAX_DIM = 128
PROJECTIONS = ("pca", "tsne")
#: The optional t-SNE: openTSNE (Poličar et al.) is maintained, FFT-accelerated (2,000
#: points in seconds on two cores), deterministic for a given ``random_state``, and accepts
#: an initial layout, which lets a redraw start from the previous picture so the clusters
#: stay where they were. UMAP (umap-learn) was not chosen: it compiles itself with numba on
#: first use (tens of seconds) and pulls numba, llvmlite and pynndescent with it.
TSNE_PACKAGE = "openTSNE"


class EmbeddingError(ValueError):
    """An embedding cannot be computed as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Projection:
    """A 2-D linear projection of features: ``points = (features - mean) @ basis``."""

    points: np.ndarray     # (N, 2) float32
    basis: np.ndarray      # (D, 2) float64, orthonormal columns
    mean: np.ndarray       # (D,) float64
    explained: np.ndarray  # (2,) float64: fraction of the total variance along each axis


@dataclass(frozen=True)
class Embedding:
    """One picture of the embedding: the sample's points and what to colour and mark them by."""

    indices: np.ndarray       # (N,) int64: the test images shown, in this order
    points: np.ndarray        # (N, 2) float32
    labels: np.ndarray        # (N,) int64
    predictions: np.ndarray   # (N,) int64
    features: np.ndarray      # (N, D) float32: the penultimate features projected
    projection: Projection | None  # the PCA that made ``points`` (None for t-SNE)
    method: str               # "pca" or "tsne"
    seconds: dict             # {"features": s, "projection": s}

    @property
    def misclassified(self) -> np.ndarray:
        """(N,) bool: the points the model gets wrong (marked in the panel)."""
        return self.predictions != self.labels


# ------------------------------------------------------------------- sample
def balanced_sample(labels, count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED, classes: int = 10) -> np.ndarray:
    """Sorted indices of ``count`` images, ``count // classes`` of each class (the remainder
    going to the lowest classes), drawn without replacement by a generator seeded with
    ``seed``. A class with too few images gives all it has and the rest come from the
    others, so the sample always has ``min(count, len(labels))`` images."""
    labels = np.asarray(labels).astype(np.int64, copy=False)
    if count < 1:
        raise EmbeddingError(f"the sample needs at least one image, not {count}")
    count = min(count, len(labels))
    rng = np.random.default_rng(seed)
    quota = np.full(classes, count // classes)
    quota[: count % classes] += 1
    chosen, leftovers = [], []
    for k in range(classes):
        members = rng.permutation(np.flatnonzero(labels == k))
        chosen.append(members[: quota[k]])
        leftovers.append(members[quota[k]:])
    picked = np.concatenate(chosen)
    if len(picked) < count:  # a short class (or labels outside 0..classes-1): fill up at random
        rest = np.setdiff1d(np.arange(len(labels)), picked)
        picked = np.concatenate([picked, rng.choice(rest, count - len(picked), replace=False)])
    return np.sort(picked).astype(np.int64)


# ----------------------------------------------------------------- features
def as_batch(images) -> torch.Tensor:
    """(N, 28, 28) uint8 (0..255) or float (0..1), numpy or torch, or (N, 1, 28, 28) ->
    float32 (N, 1, 28, 28) in 0..1."""
    import torch

    tensor = images if isinstance(images, torch.Tensor) else torch.from_numpy(np.ascontiguousarray(images))
    if tensor.dtype == torch.uint8:
        tensor = tensor.to(torch.float32).div_(255.0)
    else:
        tensor = tensor.to(torch.float32)
    if tensor.dim() == 3:
        tensor = tensor.unsqueeze(1)
    if tensor.dim() != 4 or tensor.shape[1:] != (1, 28, 28):
        raise EmbeddingError(f"expected 28x28 images, got an array of shape {tuple(images.shape)}")
    return tensor


class eval_mode:
    """``with eval_mode(model):`` eval mode inside, the previous mode restored afterwards."""

    def __init__(self, model: nn.Module) -> None:
        self.model, self.was_training = model, model.training

    def __enter__(self) -> nn.Module:
        self.model.eval()
        return self.model

    def __exit__(self, *exc) -> bool:
        self.model.train(self.was_training)
        return False


def last_linear(model: nn.Module) -> nn.Module | None:
    """The model's last ``nn.Linear`` module, the one that computes the logits (None if none)."""
    from torch import nn

    linears = [module for module in model.modules() if isinstance(module, nn.Linear)]
    return linears[-1] if linears else None


def penultimate_features(model: nn.Module, images, batch_size: int = BATCH_SIZE) -> tuple[np.ndarray, np.ndarray]:
    """(features (N, D) float32, logits (N, 10) float32) for ``images`` (see :func:`as_batch`).

    The features are the input of the last ``nn.Linear`` (for the CNN: fc1 after its ReLU,
    dropout being off in eval mode), or the logits themselves for a model without a hidden
    layer (softmax regression, the shipped ``deskew,fc-10`` or any other single fc layer
    straight from the pixels, whose input is the image itself)."""
    import torch
    from torch import nn

    batch = as_batch(images)
    head = last_linear(model)
    linears = sum(isinstance(module, nn.Linear) for module in model.modules())
    if linears == 1 and not any(isinstance(module, nn.Conv2d) for module in model.modules()):
        head = None  # no hidden layer: the features are the logits
    caught: list[torch.Tensor] = []
    handle = None
    if head is not None:
        handle = head.register_forward_pre_hook(lambda module, args: caught.append(args[0].detach().clone()))
    features, logits = [], []
    try:
        with eval_mode(model), torch.inference_mode():
            for start in range(0, len(batch), batch_size):
                caught.clear()
                out = model(batch[start:start + batch_size]).float()
                logits.append(out.numpy())
                features.append(caught[-1].float().flatten(1).numpy() if head is not None else out.numpy())
    finally:
        if handle is not None:
            handle.remove()
    if not logits:
        return np.zeros((0, 0), np.float32), np.zeros((0, 10), np.float32)
    return np.concatenate(features).astype(np.float32), np.concatenate(logits).astype(np.float32)


# ---------------------------------------------------------------- projection
def pca_2d(features: np.ndarray, previous: Projection | None = None, seed: int = DEFAULT_SEED) -> Projection:
    """The projection of ``features`` (N, D) onto its two principal components.

    Up to ``EXACT_MAX_DIM`` features, the eigenvectors of the covariance, exactly. Beyond,
    randomised subspace iteration on the centred features (Halko, Martinsson and Tropp
    2011, algorithm 4.4) with ``PCA_OVERSAMPLE`` extra columns and ``PCA_ITERATIONS``
    iterations, then the exact principal axes within that subspace; the start is the
    previous basis (if its dimension fits) completed by Gaussian columns from a private
    generator seeded with ``seed``, so the result is deterministic and a redraw after a few
    more steps converges at once. Then signs and order are made stable (module docstring).
    """
    x = np.asarray(features, dtype=np.float64)
    if x.ndim != 2 or len(x) < 3:
        raise EmbeddingError(f"a 2-D projection needs at least 3 feature vectors, got shape {x.shape}")
    if not np.isfinite(x).all():
        raise EmbeddingError("the features are not all finite numbers (the weights have diverged): train again")
    prior = previous.basis if previous is not None and previous.basis.shape == (x.shape[1], 2) else None
    n, d = x.shape
    mean = x.mean(axis=0)
    centred = x - mean
    total = float((centred ** 2).sum())
    if d <= EXACT_MAX_DIM:
        # Few features (softmax's 10 logits): the covariance's eigenvectors, exactly, in numpy
        # (torch's thread pool cost 50-100 ms per tiny operation on a busy 2-core machine).
        _, vectors = np.linalg.eigh(centred.T @ centred)
        basis = _stable_orientation(vectors[:, ::-1][:, :2].copy() if d >= 2 else np.eye(d, 2), prior)
        points = centred @ basis
    else:
        import torch  # numpy's OpenBLAS stalled 0.1-0.2 s per QR beside torch's threads

        width = min(d, n, 2 + PCA_OVERSAMPLE)
        start = np.random.default_rng(seed).standard_normal((d, width))
        if prior is not None:
            start[:, :2] = prior
        a = torch.from_numpy(centred)
        a_t = a.T.contiguous()  # a.T @ q on the transposed view ran 16x slower
        q, _ = torch.linalg.qr(torch.from_numpy(start))
        for _ in range(PCA_ITERATIONS):
            q, _ = torch.linalg.qr(a @ q)      # (n, width)
            q, _ = torch.linalg.qr(a_t @ q)    # (d, width)
        # Rayleigh-Ritz: the principal axes of the centred features within span(q).
        _, _, vt = torch.linalg.svd(a @ q, full_matrices=False)
        basis = _stable_orientation((q @ vt[:2].T).numpy(), prior)   # (d, 2)
        points = (a @ torch.from_numpy(basis)).numpy()
    explained = (points ** 2).sum(axis=0) / total if total > 0 else np.zeros(2)
    return Projection(points.astype(np.float32), basis, mean, explained)


def _stable_orientation(basis: np.ndarray, previous: np.ndarray | None) -> np.ndarray:
    """Flip (and, where it fits the previous basis better, swap) the two columns."""
    basis = basis.copy()
    if previous is None:
        for k in range(basis.shape[1]):
            if basis[np.argmax(np.abs(basis[:, k])), k] < 0:
                basis[:, k] *= -1
        return basis
    overlap = previous.T @ basis  # (2, 2): cosines between old and new axes
    if abs(overlap[0, 1]) + abs(overlap[1, 0]) > abs(overlap[0, 0]) + abs(overlap[1, 1]):
        basis = basis[:, ::-1].copy()  # nearly equal variances traded places: keep the old axes
        overlap = previous.T @ basis
    for k in range(basis.shape[1]):
        if overlap[k, k] < 0:
            basis[:, k] *= -1
    return basis


def tsne_available() -> bool:
    return importlib.util.find_spec(TSNE_PACKAGE) is not None


def tsne_2d(features: np.ndarray, initial: np.ndarray | None = None, seed: int = DEFAULT_SEED) -> np.ndarray:
    """(N, 2) float32 t-SNE layout by openTSNE. Without ``initial``, from the PCA points with
    openTSNE's usual schedule (250 iterations of early exaggeration, then 500); from
    ``initial`` (the previous layout of the same images) it only refines it (250 iterations,
    no exaggeration, which would tear the old clusters apart), so successive pictures look
    alike and cost a third."""
    if not tsne_available():
        raise EmbeddingError(f"t-SNE needs the optional package {TSNE_PACKAGE}: pip install openTSNE; "
                             "or use the PCA projection")
    from openTSNE import TSNE

    x = np.asarray(features, dtype=np.float64)
    options = {}
    if initial is None:
        start = pca_2d(x, seed=seed).points.astype(np.float64)
    else:
        start = np.asarray(initial, dtype=np.float64)
        options = {"early_exaggeration_iter": 0, "n_iter": 250}
    # scaled as openTSNE scales its own PCA start (standard deviation 1e-4; it warns otherwise)
    spread = start[:, 0].std()
    start = start / spread * 1e-4 if spread > 0 else start
    layout = TSNE(n_components=2, perplexity=min(30.0, (len(x) - 1) / 3), initialization=start,
                  random_state=seed, n_jobs=1, verbose=False, **options).fit(x)
    return np.asarray(layout, dtype=np.float32)


# ------------------------------------------------------------------ together
def embed(model: nn.Module, images, labels, indices: np.ndarray | None = None, method: str = "pca",
          previous: Embedding | None = None, count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED) -> Embedding:
    """The embedding of the test images ``images[indices]`` (default: :func:`balanced_sample`
    of ``labels``) for the model's current weights. ``previous`` (the last picture shown)
    keeps the axes' signs (PCA) or the layout (t-SNE) steady."""
    if method not in PROJECTIONS:
        raise EmbeddingError(f"unknown projection {method!r}; choose one of {', '.join(PROJECTIONS)}")
    labels = np.asarray(labels).astype(np.int64, copy=False)
    if indices is None:
        indices = balanced_sample(labels, count, seed)
    indices = np.asarray(indices, dtype=np.int64)
    started = time.perf_counter()
    features, logits = penultimate_features(model, images[indices] if len(indices) else images[:0])
    featured = time.perf_counter()
    if method == "pca":
        projection = pca_2d(features, previous.projection if previous is not None else None, seed)
        points = projection.points
    else:
        projection = None
        same = previous is not None and np.array_equal(previous.indices, indices)
        points = tsne_2d(features, previous.points if same else None, seed)
    return Embedding(indices=indices, points=points, labels=labels[indices], predictions=logits.argmax(axis=1),
                     features=features, projection=projection, method=method,
                     seconds={"features": featured - started, "projection": time.perf_counter() - featured})
