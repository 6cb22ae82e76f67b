"""The anonymity rules on their own: a small group is hidden, and so is what would reveal it by subtraction."""

from evaluations.anonymity import breakdown_shown, view_verdict


def test_a_view_below_the_minimum_is_not_shown_and_says_why():
    verdict = view_verdict(4, [], minimum=5)
    assert not verdict.shown and "5" in verdict.reason
    assert view_verdict(5, [], minimum=5).shown


def test_a_filter_that_leaves_out_a_small_group_is_not_shown():
    assert not view_verdict(19, [20], minimum=5).shown  # the one left out could be worked out
    assert view_verdict(15, [20], minimum=5).shown
    assert view_verdict(20, [20], minimum=5).shown  # the filter leaves nobody out


def test_one_small_group_hides_the_next_smallest_too():
    assert breakdown_shown({"f": 19, "m": 1}, minimum=5) == {"f": False, "m": False}
    assert breakdown_shown({"a": 10, "b": 10, "c": 2}, minimum=5) == {"a": False, "b": True, "c": False}
    assert breakdown_shown({"a": 10, "b": 3, "c": 2}, minimum=5) == {"a": True, "b": False, "c": False}
    assert breakdown_shown({"a": 10, "b": 7}, minimum=5) == {"a": True, "b": True}
