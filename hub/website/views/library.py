"""Website views: library."""
