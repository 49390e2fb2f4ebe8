from __future__ import annotations

import pytest

from arch_draw.errors import UsageError
from arch_draw.limits import Limits, parse_limits, raise_with


def test_settings_change_only_the_limits_named() -> None:
    assert parse_limits(["nodes=5000", "file-bytes=10"]) == Limits(nodes=5000, file_bytes=10)
    assert parse_limits([]) == Limits()


def test_every_limit_has_a_name_for_the_command_line() -> None:
    assert Limits.names() == [
        "file-bytes",
        "values",
        "depth",
        "nodes",
        "edges",
        "label",
        "note",
        "extends",
    ]
    assert raise_with("file_bytes") == "--limit file-bytes=N"


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("node=5", "--limit node=5: no limit named 'node' (did you mean 'note' or 'nodes'?)"),
        (
            "size=5",
            "--limit size=5: no limit named 'size';"
            " limits: file-bytes, values, depth, nodes, edges, label, note, extends",
        ),
        ("nodes=many", "--limit nodes=many: the value must be a whole number from 1 to 2147483647"),
        ("nodes=0", "--limit nodes=0: the value must be a whole number from 1 to 2147483647"),
        ("nodes", "--limit nodes: the value must be a whole number from 1 to 2147483647"),
        # a digit to str.isdigit, not to int(): an internal error before
        ("nodes=²", "--limit nodes=²: the value must be a whole number from 1 to 2147483647"),
        ("nodes=٣", "--limit nodes=٣: the value must be a whole number from 1 to 2147483647"),
        # nesting is followed by recursion: 1000 levels ended in a RecursionError
        ("depth=201", "--limit depth=201: the value must be a whole number from 1 to 200"),
        # read(10**20) overflowed: an internal error before
        (
            "file-bytes=99999999999999999999",
            "--limit file-bytes=99999999999999999999: the value must be a whole number"
            " from 1 to 2147483647",
        ),
    ],
)
def test_bad_settings_are_usage_errors(setting: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_limits([setting])
    assert str(caught.value) == message
