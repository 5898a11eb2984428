"""Why this answer, four ways: attribution maps for one 28x28 image, from captum.

Each method takes (model, image, target class) and returns a signed 28x28 map: positive
(drawn red) where the pixels argue *for* the target, negative (blue) where they argue
against it, as the canvas shows it. All four are captum's, called as written below (a test
calls captum directly and compares); captum is imported when a map is first asked for.

* ``saliency``: captum ``Saliency`` with ``abs=False``: the signed gradient of the target's
  logit with respect to each pixel (the absolute value that captum gives by default would
  say "sensitive" without saying in which direction).
* ``integrated-gradients``: captum ``IntegratedGradients`` from a black baseline in
  ``core.inference.IG_STEPS`` (32) steps on the target's logit: exactly what the canvas
  shows (:meth:`mnist_viz.core.inference.Predictor.attribution`, tested equal). It stays
  in ``core.inference`` (the canvas's worker calls it there); this module calls captum the
  same way rather than moving it.
* ``gradcam``: captum ``LayerGradCam`` on the last convolution layer's feature maps after
  their ReLU (the maps Grad-CAM is defined on: the convolution's raw output is negative
  over most of the background, which turned the map's sign around), with the final ReLU of
  Grad-CAM, upsampled bilinearly from the layer's grid (14x14 for the CNN) to 28x28
  (``LayerAttribution.interpolate``). The ReLU is applied by a forward hook that returns
  ``relu(output)`` through an ``nn.Identity`` captum can hook; the next ReLU of the network
  makes that a no-op for its answer. Not offered for a network without a convolution layer
  (:func:`why_not`).
* ``occlusion``: captum ``Occlusion`` with a black 4x4 window moved in strides of 2 pixels
  (13 x 13 = 169 positions, evaluated as one batch): how much the target's logit falls
  when that patch of the image is blacked out, averaged over the windows covering a pixel.

:data:`HOW_TO_READ` holds one paragraph per method in English and Japanese (data, not Qt
strings: the panel and the README take them from here), :data:`TITLES` their names.
:func:`overlay_rgb` draws a map over its image the way the canvas does (light-grey ink on
white under blue-white-red, opacity growing with the value) without Qt, for
``mnist-viz explain``.

The model must not be used by another thread during a call (pass a copy of the live
weights): eval mode is set for the call, and Grad-CAM adds and removes a hook.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy, torch and captum are imported where used: the command line's --help
    import numpy as np  # lists the methods without them, and the window is built before torch loads
    import torch
    from torch import nn

METHODS = ("saliency", "integrated-gradients", "gradcam", "occlusion")
DEFAULT_METHOD = "integrated-gradients"
OCCLUSION_WINDOW = 4
OCCLUSION_STRIDE = 2
SIDE = 28
#: The canvas's overlay (gui/widgets/evidence_view.py): ink shade and opacity curve.
INK_SHADE = 0.3
ALPHA_EXPONENT = 0.6
LIMIT_PERCENTILE = 99

TITLES = {
    "saliency": {"en": "Saliency (gradient)", "ja": "サリエンシー（勾配）"},
    "integrated-gradients": {"en": "Integrated Gradients", "ja": "Integrated Gradients（統合勾配）"},
    "gradcam": {"en": "Grad-CAM (last convolution layer)", "ja": "Grad-CAM（最後の畳み込み層）"},
    "occlusion": {"en": "Occlusion (4x4 patches)", "ja": "オクルージョン（4x4 の覆い）"},
}

HOW_TO_READ = {
    "saliency": {
        "en": "The gradient of the answer's score with respect to each pixel: red pixels would raise the "
              "score if they were brighter, blue ones would lower it. It is the network's sensitivity at "
              "this very image, one backward pass, so it is fast but noisy, and it is not zero off the ink: "
              "it also says where ink that is not there would matter. Read it as \"where would a change "
              "of this pixel move the answer\", not as \"which pixels made the answer\".",
        "ja": "答えのスコアを各ピクセルで微分した勾配です。赤いピクセルは明るくするとスコアが上がり、青いピクセル"
              "は下がります。この画像そのものでのネットワークの感度で、逆伝播 1 回で求まるので速いものの、"
              "ばらつきが大きく、インクのない所でも 0 になりません（そこにインクがあったら効く、という意味です）。"
              "「どのピクセルが答えを作ったか」ではなく「どのピクセルを変えると答えが動くか」として読みます。",
    },
    "integrated-gradients": {
        "en": "The canvas's explanation. The gradient is averaged along the way from a black image to this "
              "one (32 steps) and multiplied by each pixel's ink, so the map is zero off the ink and its "
              "values add up to how much the drawing raised the answer's score above that of a blank "
              "image. Red ink argues for the answer, blue ink against it. For softmax regression it is "
              "exactly the tutorial's evidence, ink times weight.",
        "ja": "キャンバスの説明と同じものです。黒い画像からこの画像までの道のり（32 段階）で勾配を平均し、"
              "各ピクセルのインクを掛けます。そのためインクのない所では 0 で、値の合計は、描いた線が答えの"
              "スコアを白紙の画像よりどれだけ上げたかに等しくなります。赤いインクは答えに賛成、青いインクは"
              "反対しています。ソフトマックス回帰ではチュートリアルの「証拠」（インク × 重み）そのものです。",
    },
    "gradcam": {
        "en": "Where in the image the last convolution layer found evidence for the answer. Each of its "
              "feature maps is weighted by how much the answer's score depends on it on average, the "
              "weighted maps are summed, negative sums are cut to zero and the result (a 14x14 grid for "
              "the CNN) is enlarged to 28x28. So it is coarse and only shows support (red): regions, not "
              "pixels, that the network relies on. A network without a convolution layer has no such "
              "maps, and Grad-CAM is not offered for it.",
        "ja": "最後の畳み込み層が、画像のどこに答えの根拠を見つけたかを示します。その層の特徴マップを、答えの"
              "スコアが平均してどれだけそのマップに依存するかで重み付けして足し合わせ、負の値を 0 に切り、"
              "結果（CNN では 14x14 の格子）を 28x28 に拡大します。そのため粗く、賛成（赤）だけを示します。"
              "ピクセルではなく、ネットワークが頼りにしている領域です。畳み込み層のないネットワークには"
              "このマップがないので、Grad-CAM は使えません。",
    },
    "occlusion": {
        "en": "Each 4x4 patch of the image is blacked out in turn (moved by 2 pixels, 169 times) and the "
              "answer's score is computed again. Red where covering the patch lowers the score: that part "
              "of the drawing was needed. Blue where covering it raises the score: that ink looked like "
              "another digit. It asks the network directly, without gradients, so it is the easiest to "
              "trust, but it is blurred by the patch size and costs one forward pass per patch.",
        "ja": "画像の 4x4 の部分を順に黒く塗りつぶし（2 ピクセルずつずらして 169 回）、そのたびに答えのスコアを"
              "計算し直します。覆うとスコアが下がる所は赤で、描いた線のその部分が必要だったことを示します。"
              "覆うとスコアが上がる所は青で、そのインクは別の数字らしく見えていました。勾配を使わずネットワーク"
              "に直接たずねるので最も信頼しやすい一方、覆いの大きさだけぼやけ、覆いごとに順伝播 1 回かかります。",
    },
}


class ExplainError(ValueError):
    """A method that cannot be used here, or a bad request; the message says why."""


@dataclass(frozen=True)
class Explanation:
    """One attribution map and what it explains."""

    method: str
    target: int                 # the class explained
    attribution: np.ndarray     # (28, 28) float32, signed: positive argues for ``target``
    probabilities: np.ndarray   # (10,) float32, the model's answer for the image
    seconds: float              # the method alone (the answer not included)


def last_conv(model: nn.Module) -> tuple[str, nn.Module] | None:
    """(name, module) of the model's last ``nn.Conv2d``, or None for a network without one."""
    from torch import nn

    convs = [(name, module) for name, module in model.named_modules() if isinstance(module, nn.Conv2d)]
    return convs[-1] if convs else None


def why_not(model: nn.Module, method: str) -> str | None:
    """Why ``method`` is not offered for ``model`` (one line), or None when it is."""
    if method not in METHODS:
        return f"unknown method {method!r}; choose one of {', '.join(METHODS)}"
    if method == "gradcam" and last_conv(model) is None:
        return "Grad-CAM is not offered: the network has no convolution layer (choose another method)"
    return None


def methods_for(model: nn.Module) -> list[str]:
    """The methods offered for ``model``, in the order of :data:`METHODS`."""
    return [method for method in METHODS if why_not(model, method) is None]


def _as_input(image: np.ndarray) -> torch.Tensor:
    import numpy as np
    import torch

    array = np.asarray(image, dtype=np.float32)
    if array.shape != (SIDE, SIDE):
        raise ExplainError(f"expected a 28x28 image, got shape {array.shape}")
    if not np.isfinite(array).all():
        raise ExplainError("the image holds values that are not finite numbers")
    return torch.from_numpy(array.copy())[None, None]


def attribute(model: nn.Module, x: torch.Tensor, method: str, target: int) -> torch.Tensor:
    """The captum call of ``method`` on the (1, 1, 28, 28) input ``x``: a (1, 1, 28, 28) map.
    The model must be in eval mode (:func:`explain` sees to it)."""
    from captum import attr

    from .inference import IG_STEPS

    if method != "occlusion":
        x = x.detach().clone().requires_grad_(True)  # else captum warns that it set it itself
    if method == "saliency":
        return attr.Saliency(model).attribute(x, target=target, abs=False)
    if method == "integrated-gradients":
        return attr.IntegratedGradients(model).attribute(x, baselines=x * 0, target=target, n_steps=IG_STEPS,
                                                         internal_batch_size=IG_STEPS)
    if method == "occlusion":
        return attr.Occlusion(model).attribute(
            x, sliding_window_shapes=(1, OCCLUSION_WINDOW, OCCLUSION_WINDOW),
            strides=(1, OCCLUSION_STRIDE, OCCLUSION_STRIDE), baselines=0.0, target=target,
            perturbations_per_eval=((SIDE - OCCLUSION_WINDOW) // OCCLUSION_STRIDE + 1) ** 2)
    if method == "gradcam":
        return _gradcam(model, x, target)
    raise ExplainError(why_not(model, method) or f"unknown method {method!r}")


def _gradcam(model: nn.Module, x: torch.Tensor, target: int) -> torch.Tensor:
    from captum import attr
    from torch import nn
    from torch.nn import functional as F

    found = last_conv(model)
    if found is None:
        raise ExplainError(why_not(model, "gradcam"))
    _, conv = found
    rectified = nn.Identity()  # the layer captum hooks: the feature maps after their ReLU
    handle = conv.register_forward_hook(lambda _module, _inputs, output: rectified(F.relu(output)))
    try:
        cam = attr.LayerGradCam(model, rectified).attribute(x, target=target, relu_attributions=True)
    finally:
        handle.remove()
    return attr.LayerAttribution.interpolate(cam, (SIDE, SIDE), interpolate_mode="bilinear")


def explain(model: nn.Module, image: np.ndarray, method: str = DEFAULT_METHOD, target: int | None = None
            ) -> Explanation:
    """The ``method`` map of ``image`` (28x28, bright ink 0..1) for class ``target`` (default:
    the model's answer). Raises :class:`ExplainError` for a method not offered here."""
    import numpy as np
    import torch

    from .embedding import eval_mode

    import captum.attr  # noqa: F401  (seconds at the first call: not counted in the method's time)

    reason = why_not(model, method)
    if reason:
        raise ExplainError(reason)
    x = _as_input(image)
    with eval_mode(model):
        with torch.inference_mode():
            probabilities = model(x).float().softmax(dim=1)[0].numpy().astype(np.float32)
        if target is None:
            target = int(np.argmax(probabilities))
        if not 0 <= int(target) < probabilities.shape[0]:
            raise ExplainError(f"the target must be a class 0..{probabilities.shape[0] - 1}, not {target}")
        started = time.perf_counter()
        attribution = attribute(model, x, method, int(target))
        seconds = time.perf_counter() - started
    return Explanation(method, int(target), attribution[0, 0].detach().float().numpy().astype(np.float32),
                       probabilities, seconds)


# ---------------------------------------------------------------- the picture
def overlay_rgb(image: np.ndarray, attribution: np.ndarray, scale: int = 10) -> np.ndarray:
    """(28 * scale, 28 * scale, 3) uint8: the image as light-grey ink on white under the map,
    coloured and faded as the canvas's overlay (gui/widgets/evidence_view.py): blue-white-red
    (CET-D1A) on +-the 99th percentile of |map|, opacity |value| ** 0.6; pixels enlarged
    without smoothing."""
    import numpy as np

    from .export import diverging_lut

    image = np.asarray(image, dtype=np.float64)
    values = np.nan_to_num(np.asarray(attribution, dtype=np.float64))
    base = np.repeat((1.0 - INK_SHADE * np.clip(image, 0.0, 1.0))[..., None] * 255.0, 3, axis=2)
    limit = float(np.percentile(np.abs(values), LIMIT_PERCENTILE))
    if limit > 0 and math.isfinite(limit):
        scaled = np.clip(values / limit, -1.0, 1.0)
        colour = diverging_lut()[np.round((scaled + 1) / 2 * 255).astype(np.intp)].astype(np.float64)
        alpha = (np.abs(scaled) ** ALPHA_EXPONENT)[..., None]
        base = base * (1 - alpha) + colour * alpha
    rgb = np.clip(np.round(base), 0, 255).astype(np.uint8)
    return rgb.repeat(scale, axis=0).repeat(scale, axis=1)


def save_png(path, rgb: np.ndarray) -> None:
    """Write ``rgb`` as a PNG, atomically (``core.atomic``: no partial file on a failure)."""
    from PIL import Image

    from . import atomic

    with atomic.replacing(path) as temp:
        Image.fromarray(rgb).save(temp, format="PNG")
