"""mnist-viz tests (a package, so that test modules can share tests/mnist_files.py)."""
