"""Help > Concepts (mnist_viz/gui/concepts.py): the tutorials' ideas, one paragraph each, in
both languages; linked from every panel's help; and the panel help texts it corrected.

The dialog is grabbed to /tmp/concepts_dialog_{en,ja}.png for a human to look at.
"""

from __future__ import annotations

import re

import pytest
import torch

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt, QUrl  # noqa: E402
from PySide6.QtWidgets import QApplication, QMenu  # noqa: E402

from mnist_viz.core import resources, stats  # noqa: E402
from mnist_viz.core.data import to_float  # noqa: E402
from mnist_viz.core.models import build_model  # noqa: E402
from mnist_viz.core.training import TrainConfig, Trainer  # noqa: E402
from mnist_viz.gui import concepts, i18n  # noqa: E402
from mnist_viz.gui.help import HelpDialog  # noqa: E402
from mnist_viz.gui.panels import panel_classes  # noqa: E402
from mnist_viz.gui.panels.distributions import DistributionsPanel  # noqa: E402
from mnist_viz.gui.panels.loss import LossPanel  # noqa: E402

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
LINK = re.compile(r"\]\(#([a-z0-9-]+)\)")


@pytest.fixture
def language(qapp, monkeypatch):
    """Install a language for one test (as tests/gui/test_i18n.py does); English again after it."""
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)

    def install(code: str) -> None:
        assert i18n.install(qapp, choice=code) == code

    yield install
    i18n.uninstall(qapp)


@pytest.fixture
def window(qtbot, language):
    """A shown main window in English (no data loaded: Help needs none)."""
    from mnist_viz.gui.main_window import MainWindow

    language("en")
    made = MainWindow(data=None, load_data=False)
    qtbot.addWidget(made)
    made.resize(1280, 720)
    made.show()
    qtbot.waitExposed(made)
    yield made
    made.close()


def help_menu(window) -> QMenu:
    menus = [action.menu() for action in window.menuBar().actions() if action.menu() is not None]
    return next(menu for menu in menus if menu.title().replace("&", "") == "Help")


def open_dialogs(window) -> list[concepts.ConceptsDialog]:
    """The window's Concepts dialogs on screen."""
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, concepts.ConceptsDialog) and w.isVisible() and w.parent() is window]


# ------------------------------------------------------------------ the texts
@pytest.mark.parametrize("code", ["en", "ja"])
def test_every_concept_is_written_in_both_languages_with_the_same_anchors(code):
    text = resources.read_text("concepts", f"{code}.md")
    assert text, f"resources/concepts/{code}.md is missing"
    parsed = concepts.parse(text)
    assert tuple(parsed) == concepts.CONCEPTS, "the write-up's concepts, in its order, with the same anchors"
    english = concepts.parse(resources.read_text("concepts", "en.md"))
    for key, concept in parsed.items():
        sentences = len(re.findall(r"\.(?:\s|$)|。", concept.body))
        # 4 to 8 English sentences; Japanese says the same in shorter sentences.
        most = 8 if code == "en" else 12
        assert 4 <= sentences <= most, f"{code} {key}: {sentences} sentences, not a short paragraph"
        assert "**" in concept.body or "Help >" in concept.body or "ヘルプ >" in concept.body, \
            f"{code} {key} does not say where in the app to see it"
        assert re.search(r"\d", concept.body), f"{code} {key} has no number a reader can check"
        # Links to other concepts point at concepts that exist, the same ones in both languages.
        assert set(LINK.findall(concept.body)) <= set(concepts.CONCEPTS)
        assert set(LINK.findall(concept.body)) == set(LINK.findall(english[key].body))
        if code == "ja":
            assert JAPANESE.search(concept.title + concept.body)


def test_the_texts_say_what_the_tutorials_numbers_mean():
    """The issue's asks: what 2.3 is, Integrated Gradients' black image, the write-up's questions."""
    english = concepts.load("en")
    assert "ln 10 ≈ 2.30" in english["cross-entropy"].body
    assert "black image" in english["integrated-gradients"].body
    assert "symmetry" in english["initialisation"].body and "random" in english["initialisation"].body
    assert "convergence" in english["vanishing-gradients"].body
    assert "root mean square" in english["adam"].body  # not the standard deviation the write-up says
    japanese = concepts.load("ja")
    assert "対称性の破れ" in japanese["initialisation"].body
    assert "ln 10 ≈ 2.30" in japanese["cross-entropy"].body


def test_the_zero_line_of_the_gradient_histogram_is_pixels_blank_across_the_batch(real_mnist):
    """What the Distributions help now says, checked on the real MNIST: for softmax regression
    the gradients that are exactly zero are those of the pixels no image of the batch inks."""
    model = build_model("softmax", init="tutorial")
    images = to_float(real_mnist.train.images[:100])
    loss = torch.nn.functional.cross_entropy(model(images), real_mnist.train.labels[:100], reduction="sum")
    loss.backward()
    zero_gradients = int(stats.gradient_histogram(model.W.grad)[stats.GRADIENT_ZERO_BIN])
    blank_pixels = int((images.flatten(1).amax(0) == 0).sum())
    assert 200 < blank_pixels < 340  # "about 270 of the 784 pixels in a batch of 100"
    assert zero_gradients == 10 * blank_pixels


# ---------------------------------------------------------------- the dialog
def test_help_concepts_opens_the_dialog_from_the_menu(window, qtbot):
    menu = help_menu(window)
    action = window.menus.concepts_action
    assert action in menu.actions()
    # Keyboard-reachable: Alt+H, then its own letter, which no other Help entry uses.
    mnemonics = [re.search(r"&(\w)", a.text()).group(1).lower() for a in menu.actions()
                 if not a.isSeparator() and "&" in a.text()]
    assert action.text() == "&Concepts" and mnemonics.count("c") == 1
    action.trigger()
    dialogs = open_dialogs(window)
    assert len(dialogs) == 1
    dialog = dialogs[0]
    assert dialog.list.count() == len(concepts.CONCEPTS)
    assert [dialog.list.item(i).text() for i in range(3)] == ["Softmax", "Cross-entropy",
                                                             "Gradient descent and the learning rate"]
    assert dialog.current_key == "softmax" and "Softmax" in dialog.browser.toPlainText()
    action.trigger()  # again: the same dialog comes forward, not a second one
    assert open_dialogs(window) == [dialog]
    dialog.resize(900, 520)
    QApplication.processEvents()
    assert dialog.grab().save("/tmp/concepts_dialog_en.png")


def test_the_dialog_opens_at_a_concept_and_follows_its_links(window, qtbot):
    dialog = concepts.show_concepts(window, "dropout")
    assert dialog.current_key == "dropout"
    assert dialog.list.currentRow() == concepts.CONCEPTS.index("dropout")
    assert dialog.list.visualItemRect(dialog.list.currentItem()).intersects(dialog.list.viewport().rect())
    text = dialog.browser.toPlainText()
    assert text.startswith("Dropout") and "keep probability" in text
    assert "Softmax turns" not in text  # the one concept, not the whole document
    # A link inside the text ("counters over-fitting") goes to that concept.
    dialog.browser.anchorClicked.emit(QUrl("#overfitting"))
    assert dialog.current_key == "overfitting" and dialog.browser.toPlainText().startswith("Over-fitting")
    # The arrow keys walk the list in the write-up's order.
    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
    assert dialog.current_key == "integrated-gradients"
    assert dialog.browser.toPlainText().startswith("Integrated Gradients")
    with pytest.raises(ValueError, match="unknown concept 'drop-out'; choose one of: softmax"):
        dialog.show_concept("drop-out")


def test_the_japanese_interface_shows_the_japanese_texts(qtbot, language):
    language("ja")
    dialog = concepts.ConceptsDialog()
    qtbot.addWidget(dialog)
    dialog.show_concept("softmax")
    assert dialog.list.item(0).text() == "ソフトマックス関数"
    assert dialog.list.item(concepts.CONCEPTS.index("back-propagation")).text() == "誤差逆伝播法"
    assert "確率" in dialog.browser.toPlainText()
    dialog.show()
    dialog.resize(900, 520)
    qtbot.waitExposed(dialog)
    assert dialog.grab().save("/tmp/concepts_dialog_ja.png")
    language("en")
    english = concepts.ConceptsDialog()
    qtbot.addWidget(english)
    assert english.list.item(0).text() == "Softmax"


def test_a_concept_missing_from_a_language_comes_from_english(monkeypatch):
    japanese = resources.read_text("concepts", "ja.md")
    cut = japanese[:japanese.index("## ドロップアウト")] + japanese[japanese.index("## Adam"):]
    real = resources.read_text
    monkeypatch.setattr(resources, "read_text", lambda *parts: cut if parts[-1] == "ja.md" else real(*parts))
    loaded = concepts.load("ja")
    assert tuple(loaded) == concepts.CONCEPTS
    assert loaded["dropout"].title == "Dropout" and loaded["adam"].body.startswith("Adam は")
    # No text at all: the dialog says so in one line instead of failing.
    monkeypatch.setattr(resources, "read_text", lambda *parts: None)
    dialog = concepts.ConceptsDialog(language="en")
    assert dialog.list.count() == 0 and "missing from this installation" in dialog.browser.toPlainText()
    dialog.deleteLater()


# ------------------------------------------------------- linked from the panels
def test_every_panel_links_to_its_concepts():
    for panel_type in panel_classes():
        keys = concepts.panel_concepts(panel_type.panel_id)
        assert keys, f"the {panel_type.panel_id} panel's help links to no concept (add it to PANEL_CONCEPTS)"
        assert set(keys) <= set(concepts.CONCEPTS)


def test_each_dock_title_bar_offers_its_panels_concepts(window, qtbot):
    for panel_id, dock in window.docks.items():
        bar = dock.titleBarWidget()
        button = bar.links_button
        assert button is not None and not button.isHidden(), f"{panel_id}'s title bar has no Concepts button"
        labels = [action.text() for action in bar.links_menu.actions()]
        wanted = concepts.load("en")
        assert labels == [wanted[key].title for key in concepts.panel_concepts(panel_id)]
        assert all(label in button.toolTip() for label in labels)
    bar = window.docks["distributions"].titleBarWidget()
    bar.links_button.click()  # the menu pops up under the button
    qtbot.waitUntil(bar.links_menu.isVisible)
    vanishing = next(a for a in bar.links_menu.actions() if a.text() == "Vanishing gradients")
    vanishing.trigger()
    bar.links_menu.close()
    dialog = open_dialogs(window)[0]
    assert dialog.current_key == "vanishing-gradients"
    assert "conv1 ÷ fc2" in dialog.browser.toPlainText()


def test_the_f1_help_links_each_panel_to_its_concepts(window, qtbot):
    dialog = HelpDialog(list(window.panels.values()), "cnn", window)
    qtbot.addWidget(dialog)
    page = dialog.browser.toHtml()
    for panel_id in window.panels:
        for key in concepts.panel_concepts(panel_id):
            assert f'href="concept:{key}"' in page
    assert page.count("Concepts: ") == len(window.panels)
    dialog.browser.anchorClicked.emit(QUrl("concept:cross-entropy"))
    opened = open_dialogs(window)
    assert len(opened) == 1 and opened[0].current_key == "cross-entropy"
    assert opened[0].parent() is window  # it outlives the F1 page
    dialog.close()


# ------------------------------------------------------------ corrected texts
def test_the_distributions_help_no_longer_teaches_the_wrong_things():
    text = DistributionsPanel.help_text
    for wrong in ("weights of dead or dropped-out units",
                  "Bands drifting towards the middle mean <i>vanishing gradients</i>",
                  "or falling steadily towards nothing, is vanishing"):
        assert wrong not in text
    assert "Norms that fall while the loss falls are convergence, not vanishing" in text
    assert "border pixels" in text and "It is not dropout" in text
    assert "first layer's norm divided by the last layer's" in text


def test_the_loss_help_no_longer_calls_the_batch_gap_over_fitting():
    text = LossPanel.help_text
    assert "a widening gap between training and test accuracy (over-fitting)" not in text
    assert "A gap between green and blue is not over-fitting" in text
    assert "dropout on" in text


def test_distributions_shows_the_first_to_last_gradient_ratio(qtbot, mnist_small):
    """Vanishing is the first layer's gradient far below the last layer's: the panel says the ratio."""
    config = TrainConfig(model="cnn", optimizer="adam", learning_rate=1e-4, batch_size=20, steps=10, device="cpu",
                         eval_every=0)
    trainer = Trainer(config, mnist_small.train, mnist_small.test)
    monitor = trainer.distribution_monitor
    monitor.min_interval_s, monitor.max_cost_fraction = 0.0, 0.0
    panel = DistributionsPanel()
    qtbot.addWidget(panel)
    panel.on_run_started(trainer.run_started())
    panel.on_snapshot(trainer.snapshot(panel.parts("cnn")))  # step 0: no gradients, no ratio
    assert panel.gradient_ratio is None and panel.norm_plot.titleLabel.text == "gradient norm"
    for _ in range(2):
        trainer.train_step()
    snapshot = trainer.snapshot(panel.parts("cnn"))
    panel.on_snapshot(snapshot)
    first, last = (float(snapshot.arrays[f"dist/{name}/gradient_norm"]) for name in ("conv1", "fc2"))
    assert panel.gradient_ratio == pytest.approx(first / last)
    assert f"conv1 ÷ fc2 = {first / last:.2g}" in panel.norm_plot.titleLabel.text
