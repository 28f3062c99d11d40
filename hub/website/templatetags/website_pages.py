"""Template tags for finding the website's main pages from any template (the footer, the menu)."""

from django import template

from hub.website.pages import site_path

register = template.Library()


@register.simple_tag
def site_page_url(name: str) -> str:
    """The path of a main page (``"privacy"``, ``"accessibility-statement"``, ``"library"``,
    ``"news"``...), or an empty string when it is not published."""
    return site_path(name) or ""


@register.filter
def tel_href(number: str) -> str:
    """A ``tel:`` link for a number written for people ("03000 267 979 (option 2)" → "tel:03000267979")."""
    digits = "".join(character for character in str(number).split("(")[0] if character.isdigit() or character == "+")
    return f"tel:{digits}"
