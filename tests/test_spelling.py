from hypothesis import given
from hypothesis import strategies as st

from arch_draw.spelling import bounded, close_matches, did_you_mean, edit_distance


def test_edit_distance_counts_a_swap_as_one_slip() -> None:
    assert edit_distance("lable", "label") == 1
    assert edit_distance("rsd", "rds") == 1
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("", "abc") == 3


def test_close_matches_closest_first_then_same_length_then_alphabetical() -> None:
    assert close_matches("rsd", ["rs", "crd", "rds", "dsr"]) == ["rds", "rs"]
    assert close_matches("LABLE", ["label", "table", "note"]) == ["label", "table"]


def test_did_you_mean_is_empty_without_a_close_word() -> None:
    assert did_you_mean("zzz", ["label"]) == ""
    assert (
        did_you_mean("nodez", ["nodes", "notes", "edges"]) == " (did you mean 'nodes' or 'notes'?)"
    )


def reference_distance(first: str, second: str) -> int:
    """The whole table, as the textbook computes it."""
    table = [
        [i + j if not i * j else 0 for j in range(len(second) + 1)] for i in range(len(first) + 1)
    ]
    for i in range(1, len(first) + 1):
        for j in range(1, len(second) + 1):
            cost = first[i - 1] != second[j - 1]
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and first[i - 1] == second[j - 2] and first[i - 2] == second[j - 1]:
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[-1][-1]


@given(st.text("abc", max_size=9), st.text("abc", max_size=9), st.sampled_from([None, 0, 1, 2, 3]))
def test_the_banded_distance_is_the_whole_tables_up_to_its_bound(
    first: str, second: str, bound: int | None
) -> None:
    full = reference_distance(first, second)
    assert edit_distance(first, second, bound) == (full if bound is None else min(full, bound + 1))


def test_a_long_word_costs_its_length_not_its_square() -> None:
    # Two 8,000-character ids a slip apart took seconds each: the whole table was computed.
    long = "g" * 8000
    assert edit_distance(long + "a", long + "b", 3) == 1
    assert close_matches(long + "a", [long + "b"]) == [long + "b"]


def test_suggestions_stop_when_their_budget_is_spent() -> None:
    # 500 unknown references among 5,000 ids took 43 s of suggestions.
    candidates = [f"grp{number:05d}" for number in range(5000)]
    with bounded(budget=60_000):
        assert close_matches("grq00001", candidates) == ["grp00001", "grp00000", "grp00002"]
        assert close_matches("grq00002", candidates) == []  # 45,000 of 60,000 were spent
        assert close_matches("grq00003", candidates) == []
    assert close_matches("grq00003", candidates)[0] == "grp00003"  # outside: unbounded
