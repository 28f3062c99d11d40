"""surveys models."""

__all__: list[str] = []
