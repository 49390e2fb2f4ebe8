from __future__ import annotations

from arch_draw.render.labels import clean, display_width, escape, html_lines, wrap


def test_markup_is_escaped() -> None:
    assert escape('<B>"x" & y</B>') == "&lt;B&gt;&quot;x&quot; &amp; y&lt;/B&gt;"


def test_undrawable_characters_are_dropped() -> None:
    assert clean("a\x00b\x1bc\x7fd\x85e\ufffff\tg\r\nh") == "abcdef g\nh"


def test_wide_characters_count_double() -> None:
    assert display_width("abc") == 3
    assert display_width("사용자") == 6
    assert display_width("e\u0301") == 1


def test_wrap_breaks_at_spaces_and_keeps_explicit_breaks() -> None:
    assert wrap("Application Load Balancer", 18) == ["Application Load", "Balancer"]
    assert wrap("one\ntwo  three", 40) == ["one", "two three"]
    assert wrap("", 10) == [""]


def test_wrap_cuts_words_longer_than_a_line() -> None:
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert wrap("가나다라마", 4) == ["가나", "다라", "마"]


def test_html_lines_join_escaped_lines() -> None:
    assert html_lines(["a<b", "c"]) == "a&lt;b<BR/>c"
    assert html_lines(["a", "b"], "LEFT") == 'a<BR ALIGN="LEFT"/>b<BR ALIGN="LEFT"/>'
