"""inpublic: turn real work into short, honest posts and publish them often."""

__version__ = "0.1.0"
