class DomainError(Exception):
    """A rule of the partnership was broken; ``message`` is written for the person acting."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def add_to_form(self, form, *, field_names: dict[str, str] | None = None) -> None:
        """Show the message on the form field it concerns, or above the form.

        ``field_names`` maps a service's argument name to the form field that collects it
        (``{"owner": "owner_email"}``) where the two differ.
        """
        field = (field_names or {}).get(self.field, self.field)
        form.add_error(field if field in form.fields else None, self.message)
