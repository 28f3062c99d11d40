"""Paging through long lists with the GOV.UK pagination component (``includes/_pagination.html``)."""

from __future__ import annotations


def querystring(params, **overrides) -> str:
    """``params`` (a QueryDict) as a query string, with ``overrides`` set, or removed when None."""
    query = params.copy()
    for key, value in overrides.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


def pagination(page, params) -> dict | None:
    """Links for the pagination component keeping the filters in every link; None for one page."""
    if page.paginator.num_pages < 2:
        return None
    items = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append(
                {
                    "number": number,
                    "current": number == page.number,
                    "url": "?" + querystring(params, page=str(number)),
                }
            )
    return {
        "items": items,
        "previous": "?" + querystring(params, page=str(page.previous_page_number())) if page.has_previous() else None,
        "next": "?" + querystring(params, page=str(page.next_page_number())) if page.has_next() else None,
    }
