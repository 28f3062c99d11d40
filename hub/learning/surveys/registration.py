def register(registry) -> None:
    return None


def home_card(request) -> dict | None:
    return None
