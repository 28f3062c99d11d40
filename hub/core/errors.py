class DomainError(Exception):
    """A rule of the partnership was broken; ``message`` is written for the person acting."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
