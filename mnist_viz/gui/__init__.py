"""The desktop app: Qt and pyqtgraph only. Reads mnist_viz.core; core never imports this."""
