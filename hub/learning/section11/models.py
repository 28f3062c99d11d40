"""section11 models."""

__all__: list[str] = []
