"""Architectures as text (core.arch): parsing, the canonical form, the one-line errors, and
the shapes, parameters and FLOPs each layer is said to have, checked against torch."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from mnist_viz.core import arch
from mnist_viz.core.arch import SOFTMAX, TUTORIAL_CNN, ArchError, Layer, canonical, describe, parse
from mnist_viz.core.config import ACTIVATION_PARTS, NETWORKS, WEIGHT_PARTS

#: Every layer kind at least once (even and odd kernels, both pools, bn on images and vectors).
MIXED = ("bn,conv4x4-8,bn,leakyrelu,avgpool-3,dropout-0.2,gelu,conv3x3-6,tanh,maxpool-2,"
         "fc-20,bn,sigmoid,dropout-0.1,relu,fc-10")


# ------------------------------------------------------------------ parsing

def test_spaces_and_upper_case_are_read_and_saved_canonically():
    assert canonical(" Conv5x5 - 32 , ReLU,MAXPOOL-2 ,  Dropout-.50, FC-010 ") == \
        "conv5x5-32,relu,maxpool-2,dropout-0.5,fc-10"


def test_each_kind_reads_its_numbers():
    assert parse("conv3x3-16,avgpool-2,dropout-0.25,fc-10,bn,gelu") == (
        Layer("conv", kernel=3, channels=16), Layer("avgpool", size=2), Layer("dropout", p=0.25),
        Layer("fc", size=10), Layer("bn"), Layer("gelu"))


@pytest.mark.parametrize("text", [TUTORIAL_CNN, SOFTMAX, MIXED, "dropout-0,fc-10", "dropout-0.125,fc-10",
                                  "dropout-1e-05,fc-10"])
def test_the_canonical_form_reads_back_as_the_same_layers(text):
    assert canonical(text) == text
    assert parse(canonical(text)) == parse(text)


def test_the_tutorial_texts_are_the_issues():
    assert TUTORIAL_CNN == "conv5x5-32,relu,maxpool-2,conv5x5-64,relu,maxpool-2,fc-1024,relu,dropout-0.5,fc-10"
    assert SOFTMAX == "fc-10"


# ------------------------------------------------------------------ the errors, in one line each

ERRORS = {
    # an unknown layer, with the list of layers (and a hint where one helps)
    "conv5x5-32,relu,maxpool-2,fc-1024,softmax":
        "unknown layer 'softmax' (layer 5); the softmax is part of the loss, so the network ends with its "
        "fc-10; the layers are conv KxK-C, maxpool-N, avgpool-N, relu, sigmoid, tanh, leakyrelu, gelu, bn, "
        "dropout-P, fc-N, deskew (first only)",
    "swish,fc-10":
        "unknown layer 'swish' (layer 1); the layers are conv KxK-C, maxpool-N, avgpool-N, relu, sigmoid, "
        "tanh, leakyrelu, gelu, bn, dropout-P, fc-N, deskew (first only)",
    # a pool that shrinks the image below 1x1
    "conv5x5-32,maxpool-4,maxpool-8,fc-10":
        "layer 3 'maxpool-8': the image is 7x7 here; an 8x8 pool would leave 0x0; use maxpool-7 or smaller, "
        "or remove it",
    "maxpool-28,avgpool-2,fc-10": "layer 2 'avgpool-2': the image is 1x1 here; a 2x2 pool would leave 0x0; remove it",
    # no final fc of the right width
    "conv5x5-32,relu": "the last layer must be fc-10 (one output per class of MNIST), not relu; add fc-10",
    "fc-1024,relu,fc-5": "the last layer must be fc-10 (one output per class of MNIST), not fc-5; make it fc-10",
    # a conv (or a pool) after an fc
    "conv5x5-32,relu,fc-100,relu,bn,conv3x3-16,fc-10":
        "layer 6 'conv3x3-16' comes after a fully connected layer; convolutions must come before the first fc",
    "fc-100,maxpool-2,fc-10":
        "layer 2 'maxpool-2' comes after a fully connected layer; pools must come before the first fc",
    # a layer's own numbers
    "conv3x3,relu,fc-10": "layer 1 'conv3x3': a convolution needs its channels, e.g. conv3x3-32",
    "conv-32,fc-10": "layer 1 'conv-32': a convolution needs its kernel size, e.g. conv5x5-32",
    "conv5x3-8,fc-10": "layer 1 'conv5x3-8': kernels are square; write conv5x5-8",
    "conv0x0-8,fc-10": "layer 1 'conv0x0-8': a convolution's kernel is at least 1x1, e.g. conv3x3-8",
    "conv3x3-0,fc-10": "layer 1 'conv3x3-0': a convolution needs at least 1 channel, e.g. conv3x3-32",
    "conv31x31-4,fc-10": "layer 1 'conv31x31-4': the image is 28x28 here, smaller than a 31x31 kernel; "
                         "use conv28x28-4 or smaller",
    "maxpool,fc-10": "layer 1 'maxpool': a pool needs its size, e.g. maxpool-2",
    "avgpool-0,fc-10": "layer 1 'avgpool-0': a pool is at least 1x1, e.g. avgpool-2",
    "fc,fc-10": "layer 1 'fc': a fully connected layer needs its number of outputs, e.g. fc-1024",
    "fc-0,fc-10": "layer 1 'fc-0': a fully connected layer needs at least 1 output, e.g. fc-1024",
    "fc-1.5,fc-10": "layer 1 'fc-1.5': write a fully connected layer as fc-N, N a whole number, e.g. fc-1024",
    "fc-100,dropout,fc-10": "layer 2 'dropout': a dropout needs its drop probability, e.g. dropout-0.5 "
                            "(drops half of the values while training)",
    "fc-100,dropout-1,fc-10": "layer 2 'dropout-1': the drop probability must be at least 0 and below 1 "
                              "(dropout-1 would drop everything), e.g. dropout-0.5",
    "fc-100,relu-2,fc-10": "layer 2 'relu-2': relu takes no number; write relu",
    "fc-100,,fc-10": "layer 2 is empty (two commas in a row, or one at an end); remove the extra comma",
    "": "the architecture is empty; write its layers separated by commas, e.g. " + TUTORIAL_CNN,
    # the playground's limits
    "fc-100000,fc-10": "the network has 79,500,010 parameters, more than the playground's 50,000,000; "
                       "layer 1 'fc-100000' alone has 78,500,000: use fewer channels or outputs, or pool "
                       "before the first fc",
    "conv3x3-2000,fc-10": "layer 1 'conv3x3-2000': it outputs 1,568,000 values per image (2000x28x28), more "
                          "than the playground's 1,000,000; use fewer channels or outputs, or pool first",
}


@pytest.mark.parametrize("text", list(ERRORS))
def test_a_bad_architecture_is_one_line_naming_the_layer_and_the_fix(text):
    with pytest.raises(ArchError) as caught:
        describe(text)
    message = str(caught.value)
    assert message == ERRORS[text]
    assert "\n" not in message


def test_an_arch_error_is_a_value_error():
    """Callers that catch ValueError for bad settings catch a bad architecture too."""
    assert issubclass(ArchError, ValueError)


def test_the_last_layer_says_the_data_sets_classes():
    with pytest.raises(ArchError, match=r"must be fc-5 \(one output per class of digits\), not fc-10"):
        describe("fc-10", classes=5, dataset="digits")
    assert describe("fc-5", classes=5).layers[-1].out_shape == (5,)


def test_layers_built_by_hand_are_checked_like_text():
    with pytest.raises(ArchError, match="layer 2 'dropout-1.5': the drop probability"):
        describe([Layer("conv", kernel=3, channels=4), Layer("dropout", p=1.5), Layer("fc", size=10)])
    with pytest.raises(ArchError, match="unknown layer kind 'softmax'"):
        Layer("softmax")


# ------------------------------------------------------------------ names and parts

def test_the_tutorial_networks_keep_todays_part_names_and_layers():
    cnn, softmax = describe(TUTORIAL_CNN), describe(SOFTMAX)
    assert cnn.weight_parts == WEIGHT_PARTS["cnn"] and cnn.activation_parts == ACTIVATION_PARTS["cnn"]
    assert softmax.weight_parts == WEIGHT_PARTS["softmax"] and softmax.activation_parts == ACTIVATION_PARTS["softmax"]
    assert cnn.network.layers == NETWORKS["cnn"].layers and cnn.network.name == TUTORIAL_CNN
    assert softmax.network.layers == NETWORKS["softmax"].layers and softmax.network.is_single_fc
    assert cnn.network.conv_layers == 2 and not cnn.single_fc and softmax.single_fc


def test_every_layer_of_the_tutorial_cnn_says_which_part_shows_it():
    layers = describe(TUTORIAL_CNN).layers
    assert [(i.name, i.part) for i in layers] == [
        ("conv1", "conv1"), ("relu1", "conv1"), ("pool1", "pool1"), ("conv2", "conv2"), ("relu2", "conv2"),
        ("pool2", "pool2"), ("fc1", "fc1"), ("relu3", "fc1"), ("dropout1", "fc1"), ("fc2", "probabilities")]
    assert [i.weight_part for i in layers if i.weight_part] == ["conv1_filters", "conv2_filters"]


def test_a_mixed_network_names_its_layers_by_kind_and_order():
    d = describe(MIXED)
    assert [i.name for i in d.layers] == [
        "bn1", "conv1", "bn2", "leakyrelu1", "pool1", "dropout1", "gelu1", "conv2", "tanh1", "pool2",
        "fc1", "bn3", "sigmoid1", "dropout2", "relu1", "fc2"]
    # a bn or activation that follows no conv, pool or fc directly has a part of its own;
    # a dropout shows under the part before it
    assert [i.part for i in d.layers] == [
        "bn1", "conv1", "conv1", "conv1", "pool1", "pool1", "gelu1", "conv2", "conv2", "pool2",
        "fc1", "fc1", "fc1", "fc1", "relu1", "probabilities"]
    assert d.activation_parts == ("input", "bn1", "conv1", "pool1", "gelu1", "conv2", "pool2", "fc1", "relu1",
                                  "probabilities")
    assert d.weight_parts == ("conv1_filters", "conv2_filters")
    assert d.weight_shapes == {"conv1_filters": (8, 4, 4), "conv2_filters": (6, 8, 3, 3)}
    assert d.network.layers == ("bn", "conv", "bn", "leakyrelu", "pool", "dropout", "gelu", "conv", "tanh",
                                "pool", "fc", "bn", "sigmoid", "dropout", "relu", "fc")


def test_a_single_fc_behind_elementwise_layers_still_shows_templates_and_evidence():
    d = describe("dropout-0.1,sigmoid,fc-10")
    assert d.single_fc
    assert d.weight_parts == ("softmax_weights",) and d.weight_shapes["softmax_weights"] == (10, 28, 28)
    assert d.activation_parts == ("input", "sigmoid1", "evidence", "probabilities")
    assert [i.part for i in d.layers] == ["input", "sigmoid1", "probabilities"]
    assert not describe("fc-100,fc-10").single_fc and describe("fc-100,fc-10").weight_parts == ()


def test_layer_kinds_as_the_panels_know_them():
    assert describe("maxpool-2,avgpool-2,fc-10").network.layers == ("pool", "pool", "fc")


# ------------------------------------------------------------------ shapes, parameters, FLOPs

def test_the_tutorial_cnn_costs_what_the_tutorial_says():
    d = describe(TUTORIAL_CNN)
    assert [i.out_shape for i in d.layers] == [
        (32, 28, 28), (32, 28, 28), (32, 14, 14), (64, 14, 14), (64, 14, 14), (64, 7, 7),
        (1024,), (1024,), (1024,), (10,)]
    assert d.params == 3_274_634
    assert d.training_flops == 82_049_024  # as models.training_flops_per_sample says of the CNN
    assert d.layer("conv2").flops == 2 * 25 * 32 * 64 * 14 * 14
    assert d.layer("pool1").flops == 4 * 32 * 14 * 14  # a pool reads each value of its windows once
    assert d.layer("relu3").flops == 1024
    assert describe(SOFTMAX).params == 7850


def test_pools_round_down_like_torch():
    d = describe("conv3x3-4,maxpool-3,avgpool-2,fc-10")
    assert [i.out_shape for i in d.layers] == [(4, 28, 28), (4, 9, 9), (4, 4, 4), (10,)]


def test_shape_text():
    assert arch.shape_text((32, 28, 28)) == "32x28x28" and arch.shape_text((1024,)) == "1024"


@pytest.mark.parametrize("text", [TUTORIAL_CNN, MIXED, SOFTMAX])
def test_shapes_parameters_and_flops_are_what_torch_counts(text):
    torch = pytest.importorskip("torch")
    from torch.utils.flop_counter import FlopCounterMode

    from mnist_viz.core.layernet import LayerNet, _apply

    model = LayerNet(text).eval()
    d = model.arch
    x = torch.rand(3, 1, 28, 28)
    with torch.no_grad():
        for info, module in model._plan:
            with FlopCounterMode(display=False) as counter:
                y = _apply(info, module, x)
            assert tuple(y.shape[1:]) == info.out_shape, info.name
            own = sum(p.numel() for p in module.parameters()) if module is not None else 0
            assert own == info.params, info.name
            if info.layer.kind in ("conv", "fc"):  # torch counts the products, 2 per multiply-add
                assert counter.get_total_flops() == 3 * info.flops, info.name
            x = y
    assert sum(p.numel() for p in model.parameters()) == d.params
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        model(torch.rand(2, 1, 28, 28))
    products = sum(i.flops for i in d.layers if i.layer.kind in ("conv", "fc"))
    assert counter.get_total_flops() == 2 * products
    assert d.flops == products + sum(i.flops for i in d.layers if i.layer.kind not in ("conv", "fc"))
    elementwise = [i for i in d.layers if i.layer.kind in arch.ELEMENTWISE]
    assert all(i.flops == math.prod(i.out_shape) for i in elementwise)


def test_the_window_can_import_it_before_torch():
    code = "import sys, mnist_viz.core.arch as a; a.describe(a.TUTORIAL_CNN); print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "False", result.stderr


# ------------------------------------------------------------------ deskew

def test_deskew_is_a_first_layer_without_parameters_whose_cost_is_counted():
    described = describe(" Deskew , FC-10")
    assert described.text == "deskew,fc-10" == canonical("DESKEW,fc-10")
    first = described.layers[0]
    assert (first.name, first.part, first.out_shape, first.params) == ("deskew", "deskew", (1, 28, 28), 0)
    assert first.flops == arch.DESKEW_FLOPS_PER_VALUE * 784 > 0
    assert described.params == 7850 and described.flops == 2 * 784 * 10 + first.flops
    # its weights are still ten templates of (deskewed) digits
    assert described.single_fc and described.weight_parts == ("softmax_weights",)
    assert described.activation_parts == ("input", "deskew", "evidence", "probabilities")
    assert described.network.layers == ("deskew", "fc") and described.network.is_single_fc
    assert describe("deskew,conv3x3-4,relu,fc-10").layers[1].in_shape == (1, 28, 28)


@pytest.mark.parametrize("text, says", [
    ("fc-10,deskew", "layer 2 'deskew': deskew straightens the image itself, so it must be the first layer"),
    ("conv3x3-4,deskew,fc-10", "move it to the front (deskew,conv3x3-4,fc-10)"),
    ("deskew,deskew,fc-10", "layer 2 'deskew'"),
    ("deskew-2,fc-10", "deskew takes no number; write deskew"),
])
def test_deskew_anywhere_but_first_is_one_line_with_the_fix(text, says):
    with pytest.raises(ArchError) as caught:
        describe(text)
    assert says in str(caught.value) and "\n" not in str(caught.value)


def test_the_network_and_the_description_agree_on_single_fc_networks():
    """Network.is_single_fc (the panels' question) and arch's single_fc are one definition."""
    for text, single in [("fc-10", True), ("deskew,fc-10", True), ("bn,fc-10", True), ("relu,fc-10", True),
                         ("dropout-0.2,fc-10", True), ("fc-64,relu,fc-10", False),
                         ("conv3x3-8,relu,fc-10", False), ("maxpool-2,fc-10", False)]:
        description = arch.describe(arch.parse(text))
        assert description.single_fc is single, text
        assert description.network.is_single_fc is single, text
