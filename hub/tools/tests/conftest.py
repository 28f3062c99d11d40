import pytest


@pytest.fixture
def tool_content(db):
    """The demo's guide content, Harm Matrix boxes and topic links (and its usage counts)."""
    from hub.tools import demo

    demo.load(lambda line: None)
