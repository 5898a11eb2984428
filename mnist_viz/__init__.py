"""mnist-viz: watch the inside of MNIST training, live."""

__version__ = "0.1.0"
