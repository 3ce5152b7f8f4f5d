"""relinbox: a keyboard-driven terminal follow-up inbox for relationship-driven work."""

__version__ = "0.1.0"
