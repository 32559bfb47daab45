"""JSON of the api's data objects: a Page keeps its number of pages wherever it is nested."""

from dataclasses import dataclass

from cap_xblock.api.data import Page, to_json


@dataclass(frozen=True)
class Holder:
    title: str
    ideas: Page
    themes: list
    extra: dict


def test_a_page_inside_a_data_object_keeps_its_pages():
    page = Page(items=[Holder("x", Page(items=[], page=1, page_size=10, total=0), [], {})], page=2, page_size=10,
                total=25)
    data = to_json(Holder("t", page, [page], {"results": page}))
    for nested in (data["ideas"], data["themes"][0], data["extra"]["results"]):
        assert (nested["page"], nested["pages"], nested["total"]) == (2, 3, 25)
        assert nested["items"][0]["ideas"]["pages"] == 1
