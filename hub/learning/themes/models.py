"""themes models."""

__all__: list[str] = []
