"""The window's controllers: each drives one thing (training, loading, replay, model files) through the state and the panel hub, never through the window's own attributes."""
