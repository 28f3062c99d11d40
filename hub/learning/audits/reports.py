def sections(year) -> list:
    return []
