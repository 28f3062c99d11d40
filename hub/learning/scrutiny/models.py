"""scrutiny models."""

__all__: list[str] = []
