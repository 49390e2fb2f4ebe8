from arch_draw.spelling import close_matches, did_you_mean, edit_distance


def test_edit_distance_counts_a_swap_as_one_slip():
    assert edit_distance("lable", "label") == 1
    assert edit_distance("rsd", "rds") == 1
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("", "abc") == 3


def test_close_matches_closest_first_then_same_length_then_alphabetical():
    assert close_matches("rsd", ["rs", "crd", "rds", "dsr"]) == ["rds", "rs"]
    assert close_matches("LABLE", ["label", "table", "note"]) == ["label", "table"]


def test_did_you_mean_is_empty_without_a_close_word():
    assert did_you_mean("zzz", ["label"]) == ""
    assert (
        did_you_mean("nodez", ["nodes", "notes", "edges"]) == " (did you mean 'nodes' or 'notes'?)"
    )
