"""core.embedding: the sample, the real penultimate features, a PCA that is the real one and
keeps its orientation from one picture to the next."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mnist_viz.core import checkpoints, embedding
from mnist_viz.core.models import build_model
from tests.shipped import require_pretrained


@pytest.fixture(scope="module")
def shipped():
    require_pretrained()
    return {name: checkpoints.load_model(checkpoints.pretrained_path(name))[0] for name in ("softmax", "cnn")}


def exact_top2(features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The top two principal axes (columns) and their variance fractions, by a full SVD."""
    centred = features.astype(np.float64) - features.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    return vt[:2].T, (s[:2] ** 2) / (s ** 2).sum()


# ------------------------------------------------------------------- sample
def test_the_sample_is_class_balanced_and_the_same_for_the_same_seed(real_mnist):
    labels = real_mnist.test.labels.numpy()
    sample = embedding.balanced_sample(labels)
    assert len(sample) == 2000 and len(np.unique(sample)) == 2000
    assert np.all(np.diff(sample) > 0)
    assert np.bincount(labels[sample], minlength=10).tolist() == [200] * 10
    assert np.array_equal(sample, embedding.balanced_sample(labels))
    other = embedding.balanced_sample(labels, seed=1)
    assert not np.array_equal(sample, other)
    assert np.bincount(labels[embedding.balanced_sample(labels, 205)], minlength=10).tolist() == [21] * 5 + [20] * 5


def test_a_short_class_gives_all_it_has_and_the_others_fill_up():
    labels = np.array([0] * 3 + [1] * 100 + [2] * 100)
    sample = embedding.balanced_sample(labels, count=30, classes=3)
    assert len(sample) == 30 and len(np.unique(sample)) == 30
    assert np.bincount(labels[sample], minlength=3)[0] == 3  # every zero, and 27 ones and twos


# ----------------------------------------------------------------- features
def test_cnn_features_are_fc1_after_relu_and_the_mode_is_restored(shipped, real_mnist):
    cnn = shipped["cnn"].train()  # as a training run would leave it: dropout on
    images = real_mnist.test.images[:64]
    features, logits = embedding.penultimate_features(cnn, images, batch_size=25)
    assert cnn.training
    cnn.eval()
    with torch.inference_mode():
        x = embedding.as_batch(images)
        expected = cnn.features(x)["fc1"].numpy()
        expected_logits = cnn(x).numpy()
    assert features.shape == (64, 1024)
    np.testing.assert_allclose(features, expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(logits, expected_logits, rtol=1e-4, atol=1e-4)
    assert (features >= 0).all() and (features == 0).any()  # after the ReLU, and dropout did not scale it


def test_softmax_features_are_its_logits(shipped, real_mnist):
    softmax = shipped["softmax"]
    features, logits = embedding.penultimate_features(softmax, real_mnist.test.images[:50])
    with torch.inference_mode():
        expected = softmax(embedding.as_batch(real_mnist.test.images[:50])).numpy()
    assert features.shape == (50, 10)
    np.testing.assert_allclose(features, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(features, logits)


def test_images_of_another_size_are_refused_in_words():
    with pytest.raises(embedding.EmbeddingError, match="28x28"):
        embedding.as_batch(np.zeros((3, 32, 32), np.uint8))


# --------------------------------------------------------------- projection
@pytest.mark.parametrize("name", ["softmax", "cnn"])
def test_the_projection_is_the_real_pca(shipped, real_mnist, name):
    features, _ = embedding.penultimate_features(shipped[name], real_mnist.test.images[:600])
    projection = embedding.pca_2d(features)
    axes, fractions = exact_top2(features)
    cosines = np.abs((axes * projection.basis).sum(axis=0))
    assert cosines.min() > 0.9999, cosines
    np.testing.assert_allclose(projection.explained, fractions, rtol=1e-6)
    centred = features.astype(np.float64) - features.mean(axis=0)
    np.testing.assert_allclose(projection.points, centred @ projection.basis, rtol=1e-4, atol=1e-4)
    assert projection.explained[0] >= projection.explained[1] > 0


def test_the_same_features_give_the_same_picture(shipped, real_mnist):
    features, _ = embedding.penultimate_features(shipped["cnn"], real_mnist.test.images[:300])
    first, second = embedding.pca_2d(features), embedding.pca_2d(features.copy())
    np.testing.assert_array_equal(first.points, second.points)
    # without a previous picture, each axis's largest loading is positive (svd_flip's convention)
    for k in range(2):
        assert first.basis[np.argmax(np.abs(first.basis[:, k])), k] > 0


@pytest.mark.parametrize("name", ["softmax", "cnn"])
def test_a_redraw_keeps_the_previous_orientation(shipped, real_mnist, name):
    """The bug: a new picture after a few more steps comes out mirrored (PCA's sign is arbitrary)."""
    features, _ = embedding.penultimate_features(shipped[name], real_mnist.test.images[:400])
    first = embedding.pca_2d(features)
    for flip in ([1, -1], [-1, 1], [-1, -1]):
        mirrored = embedding.Projection(first.points * flip, first.basis * flip, first.mean, first.explained)
        noise = np.random.default_rng(0).normal(0, 1e-3 * features.std(), features.shape)
        redrawn = embedding.pca_2d(features + noise.astype(np.float32), previous=mirrored)
        for k in range(2):  # each axis points the way the previous picture's did
            assert np.corrcoef(redrawn.points[:, k], mirrored.points[:, k])[0, 1] > 0.99


def test_axes_that_trade_places_are_put_back():
    rng = np.random.default_rng(3)
    features = rng.normal(size=(500, 20)) * np.r_[3.0, 2.9, np.full(18, 0.1)]
    first = embedding.pca_2d(features)
    swapped = embedding.Projection(first.points[:, ::-1], first.basis[:, ::-1].copy(), first.mean,
                                   first.explained[::-1])
    redrawn = embedding.pca_2d(features, previous=swapped)
    np.testing.assert_allclose(np.abs((redrawn.basis * swapped.basis).sum(axis=0)), 1.0, atol=1e-6)


def test_diverged_features_are_refused_in_words():
    features = np.ones((10, 4))
    features[3, 2] = np.nan
    with pytest.raises(embedding.EmbeddingError, match="not all finite"):
        embedding.pca_2d(features)


# -------------------------------------------------------------- the picture
@pytest.mark.parametrize("name, most_wrong", [("softmax", 0.12), ("cnn", 0.02)])
def test_embed_marks_the_points_the_model_gets_wrong(shipped, real_mnist, name, most_wrong):
    model = shipped[name]
    images, labels = real_mnist.test.images, real_mnist.test.labels.numpy()
    picture = embedding.embed(model, images, labels, count=500)
    assert picture.points.shape == (500, 2) and picture.method == "pca"
    np.testing.assert_array_equal(picture.labels, labels[picture.indices])
    with torch.inference_mode():
        answers = model.eval()(embedding.as_batch(images[picture.indices])).argmax(1).numpy()
    np.testing.assert_array_equal(picture.predictions, answers)
    np.testing.assert_array_equal(picture.misclassified, answers != labels[picture.indices])
    assert 0 < picture.misclassified.mean() < most_wrong
    # the classes form clusters: a point's nearest neighbour in the picture mostly shares its label
    # (for the trained CNN; PCA's two axes separate softmax's ten classes less)
    distances = ((picture.points[:, None] - picture.points[None]) ** 2).sum(-1)
    np.fill_diagonal(distances, np.inf)
    same = (picture.labels[distances.argmin(1)] == picture.labels).mean()
    assert same > (0.5 if name == "cnn" else 0.3), same
    again = embedding.embed(model, images, labels, count=500, previous=picture)
    assert np.corrcoef(again.points[:, 0], picture.points[:, 0])[0, 1] > 0.999


def test_an_untrained_cnn_gives_a_picture_too():
    model = build_model("cnn", seed=1)
    images = np.random.default_rng(0).integers(0, 256, (60, 28, 28), dtype=np.uint8)
    picture = embedding.embed(model, images, np.arange(60) % 10, count=60)
    assert picture.points.shape == (60, 2) and np.isfinite(picture.points).all()


def test_tsne_without_its_package_says_how_to_get_it(monkeypatch):
    monkeypatch.setattr(embedding, "tsne_available", lambda: False)
    with pytest.raises(embedding.EmbeddingError, match="pip install openTSNE"):
        embedding.tsne_2d(np.random.default_rng(0).normal(size=(50, 5)))


def test_tsne_when_installed_starts_from_the_previous_layout(shipped, real_mnist):
    pytest.importorskip("openTSNE", reason="t-SNE is optional (pip install openTSNE)")
    labels = real_mnist.test.labels.numpy()
    picture = embedding.embed(shipped["cnn"], real_mnist.test.images, labels, count=300, method="tsne")
    assert picture.points.shape == (300, 2) and picture.projection is None
    again = embedding.embed(shipped["cnn"], real_mnist.test.images, labels, count=300, method="tsne",
                            previous=picture)
    assert np.corrcoef(again.points[:, 0], picture.points[:, 0])[0, 1] > 0.9
