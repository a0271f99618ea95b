"""The conformance run: every generated SDK makes the documented HTTP call (see README.md)."""
