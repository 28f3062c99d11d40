"""assurance models."""

__all__: list[str] = []
