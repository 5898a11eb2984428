"""The lessons' English texts, marked for translation in the context "Lesson" (generated).

``core.lessons`` holds the lessons' titles, summaries, texts, variant titles and verdict
templates in English, without Qt; the lesson windows translate them at run time with
``QCoreApplication.translate("Lesson", text)``. Qt's ``lupdate`` (scripts/
update_translations.py) reads only ``mnist_viz/gui``, so it would never see those texts,
and their translations would be dropped as unused. This module repeats each of them once,
as ``QT_TRANSLATE_NOOP("Lesson", ...)``, for lupdate to find; nothing imports it at run time.

Generated from ``core.lessons`` by ``python -m mnist_viz.gui.lesson_texts`` (it rewrites
this file); tests/gui/test_lessons.py fails, naming the text, when a lesson's text changes
and this file was not regenerated.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

#: Every text of core.lessons shown in the interface, in the module's order.
TEXTS = (
    # BEGIN generated
    QT_TRANSLATE_NOOP("Lesson", "How large a step? The learning rate"),
    QT_TRANSLATE_NOOP("Lesson", "Gradient descent moves every weight against its gradient, times the learning rate. Three "
        "softmax regressions on the same batches show a rate too small, the tutorial's, and one so large "
        "that the loss explodes."),
    QT_TRANSLATE_NOOP("Lesson", "Watch the ten templates: at 0.0001 they barely take shape, at 0.01 each turns into a blurred "
        "digit, and at 1.0 the loss leaves the chart within a few steps and the run stops, marked "
        "diverged."),
    QT_TRANSLATE_NOOP("Lesson", "Each step changes a weight by the learning rate times its gradient. Too small a rate takes tiny "
        "steps and learns slowly; too large a one overshoots the minimum, so every step lands on a "
        "steeper slope than the last, the weights grow without bound and the loss per example passes 100 "
        "(a random guess costs 2.3) or becomes NaN. The app watches for this: when a run's loss becomes "
        "NaN, infinite or larger than 100 per example, it pauses the run and shows the banner \"Training "
        "diverged: the loss ... Lower the learning rate and reset the weights\", because nothing it "
        "learns after that point means anything."),
    QT_TRANSLATE_NOOP("Lesson", "MNIST For ML Beginners: train_step = "
        "tf.train.GradientDescentOptimizer(0.01).minimize(cross_entropy) (the 0.01 is the learning rate "
        "η)"),
    QT_TRANSLATE_NOOP("Lesson", "Too small: 0.0001"),
    QT_TRANSLATE_NOOP("Lesson", "The tutorial's: 0.01"),
    QT_TRANSLATE_NOOP("Lesson", "Too large: 1.0"),
    QT_TRANSLATE_NOOP("Lesson", "Plain gradient descent, momentum or Adam?"),
    QT_TRANSLATE_NOOP("Lesson", "The same CNN trained on the same batches by three optimisers at their usual rates. Adam, which "
        "the tutorial's CNN uses, scales each weight's step by its own gradient history."),
    QT_TRANSLATE_NOOP("Lesson", "Watch the three loss curves: Adam's falls first, momentum's follows, and plain gradient "
        "descent's is still high when the others have flattened."),
    QT_TRANSLATE_NOOP("Lesson", "Plain gradient descent takes a step proportional to the gradient, so weights whose gradients "
        "are small barely move. Momentum adds up the steps that keep pointing the same way (a ball "
        "rolling downhill). Adam divides each weight's average gradient by its typical size (the square "
        "root of the average squared gradient): every weight moves by about the learning rate, early "
        "steps are large, and the steps shrink as the gradients become noisy near a minimum."),
    QT_TRANSLATE_NOOP("Lesson", "Deep MNIST for Experts: train_step = tf.train.AdamOptimizer(1e-4).minimize(cross_entropy); the "
        "write-up: Adam replaces the gradient by its mean over its standard deviation"),
    QT_TRANSLATE_NOOP("Lesson", "Gradient descent 0.01"),
    QT_TRANSLATE_NOOP("Lesson", "Momentum 0.9, 0.01"),
    QT_TRANSLATE_NOOP("Lesson", "Adam 0.001"),
    QT_TRANSLATE_NOOP("Lesson", "Why ReLU? Vanishing gradients"),
    QT_TRANSLATE_NOOP("Lesson", "The same network of four convolutions with ReLU, sigmoid or tanh between them. Back-propagation "
        "multiplies the gradient by the activation's slope at every layer: sigmoid's is at most 0.25, so "
        "the first layers hardly learn."),
    QT_TRANSLATE_NOOP("Lesson", "Watch each network's gradient norms, layer by layer: with sigmoid the first layer's is "
        "thousands of times smaller than the last layer's, and its loss stays near 2.3 (guessing)."),
    QT_TRANSLATE_NOOP("Lesson", "Back-propagation sends the error from the output back to the input, multiplying it at every "
        "layer by the weights and by the slope of the activation. A sigmoid's slope is at most 0.25 (and "
        "near 0 where it saturates), so after four layers the gradient that reaches the first layer has "
        "shrunk by orders of magnitude: the vanishing gradient. ReLU's slope is 1 wherever it is active, "
        "so the gradient passes back undiminished; tanh's slope is 1 at 0, so it fares far better than "
        "sigmoid. A gradient that falls as the loss falls is convergence, not vanishing: vanishing is "
        "the early layers' gradients far below the late ones', the ratio shown here."),
    QT_TRANSLATE_NOOP("Lesson", "Deep MNIST for Experts: h_conv1 = tf.nn.relu(conv2d(x_image, W_conv1) + b_conv1); the write-up: "
        "ReLU's derivative is 1 where it is active, so back-propagation's gradients do not vanish"),
    QT_TRANSLATE_NOOP("Lesson", "ReLU"),
    QT_TRANSLATE_NOOP("Lesson", "Sigmoid"),
    QT_TRANSLATE_NOOP("Lesson", "tanh"),
    QT_TRANSLATE_NOOP("Lesson", "Dropout against over-fitting"),
    QT_TRANSLATE_NOOP("Lesson", "A network of two hidden layers of 800 units trained on only 1,000 training images, without "
        "dropout and with keep probability 0.5. Without dropout it learns those images by heart and does "
        "worse on images it has never seen."),
    QT_TRANSLATE_NOOP("Lesson", "Watch each network's two accuracies: on its 1,000 training images (measured with dropout off) "
        "both reach about 100 %; on the test set they stay lower, and the difference is the "
        "over-fitting. With dropout the test accuracy goes on rising after the training accuracy has "
        "reached 100 %."),
    QT_TRANSLATE_NOOP("Lesson", "A network with over a million weights can memorise 1,000 images, noise included, instead of "
        "learning what makes a digit. Dropout switches off each input pixel and each hidden unit with "
        "probability 0.5 at every step, so no unit can rely on particular others being there: the "
        "network has to spread what it knows, which generalises better. At test time every unit is on. "
        "The training accuracy here is measured on the images trained on, with dropout off as for the "
        "test set: the batch accuracy the Loss panel shows is one batch with dropout on, which cannot "
        "show the gap."),
    QT_TRANSLATE_NOOP("Lesson", "Deep MNIST for Experts: h_fc1_drop = tf.nn.dropout(h_fc1, keep_prob), trained with keep_prob "
        "0.5 and tested with 1.0 (here in a fully connected network, where the effect shows within a "
        "minute)"),
    QT_TRANSLATE_NOOP("Lesson", "No dropout (keep 1.0)"),
    QT_TRANSLATE_NOOP("Lesson", "Dropout (keep 0.5)"),
    QT_TRANSLATE_NOOP("Lesson", "Why small random weights? Initialisation and symmetry"),
    QT_TRANSLATE_NOOP("Lesson", "The same CNN started from all zeros, from all-equal weights, from the tutorial's small random "
        "numbers and from He's. Only random starts give 32 different filters."),
    QT_TRANSLATE_NOOP("Lesson", "Watch conv1's filters: from zeros they never move; from equal weights they move but stay 32 "
        "copies of one filter (1 distinct); from random starts they stay distinct and the network "
        "learns."),
    QT_TRANSLATE_NOOP("Lesson", "All zeros fails because a ReLU whose input is 0 passes no gradient back: nothing before the "
        "output layer ever changes. All equal fails by symmetry: filters that start equal see the same "
        "input, get the same gradient and stay equal for ever, so 32 filters do the work of one. Small "
        "random numbers break the symmetry; He's initialisation scales them to each layer's size so that "
        "signals neither fade nor grow from layer to layer."),
    QT_TRANSLATE_NOOP("Lesson", "Deep MNIST for Experts: initial = tf.truncated_normal(shape, stddev=0.1) (the write-up ends "
        "asking why a little noise, and what symmetry breaking is)"),
    QT_TRANSLATE_NOOP("Lesson", "All zeros"),
    QT_TRANSLATE_NOOP("Lesson", "All equal (constant)"),
    QT_TRANSLATE_NOOP("Lesson", "Tutorial: truncated normal"),
    QT_TRANSLATE_NOOP("Lesson", "He (Kaiming) normal"),
    QT_TRANSLATE_NOOP("Lesson", "{0} learned best: {1} test accuracy after {2} steps."),
    QT_TRANSLATE_NOOP("Lesson", "Unexpectedly, the network without dropout hardly over-fitted in this run (a gap of {0} points)."),
    QT_TRANSLATE_NOOP("Lesson", "Unexpectedly, a symmetric start ({0}) learned best in this run."),
    QT_TRANSLATE_NOOP("Lesson", "No variant finished with a test accuracy: every one diverged or the run was stopped."),
    QT_TRANSLATE_NOOP("Lesson", "{0} diverged at step {1}: the loss reached {2} per example, where a random guess costs 2.3. "
        "Steps this large overshoot the minimum and the weights grow without bound; in the window the "
        "run would pause with the banner \"Training diverged\"."),
    QT_TRANSLATE_NOOP("Lesson", "Unexpectedly, {0} did not diverge in this run: it reached {1} test accuracy (loss {2})."),
    QT_TRANSLATE_NOOP("Lesson", "{0} learned too slowly: {1} test accuracy against {2} for {3} in the same {4} steps."),
    QT_TRANSLATE_NOOP("Lesson", "Unexpectedly, {0} did as well as {1}: {2} against {3}."),
    QT_TRANSLATE_NOOP("Lesson", "As the lesson expects, Adam came first: it moves every weight by about the learning rate "
        "whatever the size of its gradient, while plain gradient descent hardly moves the weights whose "
        "gradients are small."),
    QT_TRANSLATE_NOOP("Lesson", "This run disagrees with the lesson: {0} came first, ahead of Adam ({1} against {2})."),
    QT_TRANSLATE_NOOP("Lesson", "Momentum beat plain gradient descent ({0} against {1}) by adding up the steps that keep "
        "pointing the same way."),
    QT_TRANSLATE_NOOP("Lesson", "Unexpectedly, momentum did not beat plain gradient descent in this run ({0} against {1})."),
    QT_TRANSLATE_NOOP("Lesson", "{0}: the first layer's gradient norm was {1} times the last layer's."),
    QT_TRANSLATE_NOOP("Lesson", "{0}: {1} on the training images it learned from, {2} on the test set: a gap of {3} points."),
    QT_TRANSLATE_NOOP("Lesson", "Without dropout the network learned its training images by heart rather than the digits "
        "(over-fitting); dropout narrowed the gap by {0} points."),
    QT_TRANSLATE_NOOP("Lesson", "Unexpectedly, dropout did not narrow the gap in this run: {0} points with it against {1} "
        "without."),
    QT_TRANSLATE_NOOP("Lesson", "{0} diverged at step {1} (loss {2} per example) and stopped training."),
    QT_TRANSLATE_NOOP("Lesson", "Sigmoid's gradients vanished: on their way back to the first layer they shrank {0} times more "
        "than ReLU's, so its first layers hardly learned ({1} test accuracy against ReLU's {2})."),
    QT_TRANSLATE_NOOP("Lesson", "Unexpectedly, sigmoid's gradients did not vanish in this run: its first layer's gradient was "
        "{0} times its last layer's, against {1} with ReLU."),
    QT_TRANSLATE_NOOP("Lesson", "The test loss tells the same story: {0} without dropout against {1} with it."),
    QT_TRANSLATE_NOOP("Lesson", "{0} never moved: conv1's filters are all still 0, because a ReLU whose input is 0 passes no "
        "gradient back ({1} test accuracy, about a guess)."),
    QT_TRANSLATE_NOOP("Lesson", "Unexpectedly, {0} moved (conv1's largest change {1}) and ended with {2} distinct filters."),
    QT_TRANSLATE_NOOP("Lesson", "{0}: the filters moved (by up to {1}) but stayed {2} copies of one filter, 1 distinct: filters "
        "that start equal get equal gradients (symmetry)."),
    QT_TRANSLATE_NOOP("Lesson", "Unexpectedly, {0} ended with {1} distinct filters of {2}: something broke the symmetry."),
    QT_TRANSLATE_NOOP("Lesson", "{0}: all {1} filters distinct, {2} test accuracy."),
    QT_TRANSLATE_NOOP("Lesson", "Unexpectedly, {0} kept only {1} of {2} filters distinct."),
    # END generated
)


def lesson_texts() -> list[str]:
    """The texts core.lessons shows today: each lesson's title, summary, watch, why and tutorial
    line, its variants' titles, and every verdict template (read from the module's source:
    the first argument of each ``say(...)`` call), each once, in order."""
    import ast
    import inspect

    from ..core import lessons

    texts: list[str] = []
    for name in lessons.LESSON_ORDER:
        lesson = lessons.LESSONS[name]
        texts += [lesson.title, lesson.summary, lesson.watch, lesson.why, lesson.tutorial]
        texts += [variant.title for variant in lesson.variants(steps=1)]
    for node in ast.walk(ast.parse(inspect.getsource(lessons))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "say" \
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            texts.append(node.args[0].value)
    return list(dict.fromkeys(text for text in texts if text))


def _literal(text: str, indent: str) -> str:
    """``text`` as Python string literals of at most about 100 characters, one per line."""
    pieces, line = [], ""
    for word in text.split(" "):
        if line and len(line) + len(word) > 95:
            pieces.append(line)
            line = ""
        line += word + " "
    pieces.append(line[:-1])
    quoted = ['"' + piece.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"' for piece in pieces]
    return f"\n{indent}".join(quoted)


def write(path: str | None = None) -> int:
    """Rewrite this file's TEXTS from core.lessons; returns how many texts it holds."""
    from pathlib import Path

    target = Path(path or __file__)
    source = target.read_text(encoding="utf-8")
    head, rest = source.split("    # BEGIN generated\n", 1)
    tail = rest[rest.index("    # END generated\n"):]
    texts = lesson_texts()
    entries = "".join(f'    QT_TRANSLATE_NOOP("Lesson", {_literal(text, " " * 8)}),\n' for text in texts)
    target.write_text(head + "    # BEGIN generated\n" + entries + tail, encoding="utf-8")
    return len(texts)


if __name__ == "__main__":
    print(f"{write()} texts written to {__file__}")
