import pytest
from django.contrib.staticfiles import finders

from .conftest import NOT_FOUND_PAGES

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 50 * 1024


def test_every_page_type_is_under_50_kb_of_html_and_css(client, reader_site):
    stylesheet = len(open(finders.find("css/site.css"), "rb").read())
    for name, url in reader_site.items():
        response = client.get(url)
        assert response.status_code == (404 if name in NOT_FOUND_PAGES else 200)
        assert len(response.content) + stylesheet < BUDGET_BYTES, name
