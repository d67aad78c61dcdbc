import jinja2
import pytest

from mapapp.safehtml import escape

PAYLOADS = [
    "<script>alert(1)</script>",
    "${alert(1)}",
    "{{ 7*7 }}",
    "{% for x in range(3) %}x{% endfor %}",
    "`backtick`",
    "\"double\" 'single'",
    "back\\slash",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escaped_text_has_no_active_characters(payload: str) -> None:
    out = escape(payload)
    for ch in "<>{}$`\\\"'":
        assert ch not in out


@pytest.mark.parametrize("payload", PAYLOADS)
def test_jinja_renders_escaped_text_verbatim(payload: str) -> None:
    rendered = jinja2.Template("<p>" + escape(payload) + "</p>").render()
    assert "49" not in rendered
    assert rendered == "<p>" + escape(payload) + "</p>"


def test_none_becomes_empty_and_numbers_become_text() -> None:
    assert escape(None) == ""
    assert escape(51) == "51"
