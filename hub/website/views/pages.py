"""Website views: pages."""
