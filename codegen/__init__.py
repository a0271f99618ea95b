"""codegen: SDK code for eight languages from API reference front matter."""

# The release (pyproject.toml's version; tests/test_packaging.py holds them equal).
__version__ = "0.2.0"
