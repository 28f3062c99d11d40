"""Website views: bulletins."""
