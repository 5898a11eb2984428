"""Softmax weights for the shipped softmax, deskew,fc-10: still ten templates, and the title
says they are of deskewed digits (the network straightens, sizes and centres each one first)."""

from __future__ import annotations

from mnist_viz.core import networks
from mnist_viz.gui.panels.softmax_weights import SoftmaxWeightsPanel


def test_the_templates_of_a_deskewing_network_say_so(qtbot):
    assert SoftmaxWeightsPanel.shows(networks.network("deskew,fc-10"))
    panel = SoftmaxWeightsPanel()
    qtbot.addWidget(panel)
    panel.on_model_selected("deskew,fc-10")
    assert "deskewed" in panel.mosaic.title_item.text
    panel.on_model_selected("softmax")
    assert "deskewed" not in panel.mosaic.title_item.text
