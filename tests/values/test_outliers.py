from __future__ import annotations

from decimal import Decimal

import pytest

from chiso_desktop.values.outliers import check_outlier, modified_z_score

D = Decimal


def series(*xs: int | str) -> list[Decimal]:
    return [D(str(x)) for x in xs]


STEADY = series(9100, 9250, 9180, 9300, 9275, 9210, 9190, 9320, 9240, 9260, 9230, 9280)


def test_typo_in_a_steady_series_warns():
    found = check_outlier(D("9.275"), STEADY)  # typed 9.275 in English for 9.275 hồ sơ
    assert found is not None and found.score is not None and found.score < -3.5
    assert found.median == D(9245)
    assert check_outlier(D(92750), STEADY) is not None


def test_normal_values_do_not_warn():
    for x in (9150, 9245, 9300, 9380):  # |z| <= 3.5 with median 9245, MAD 35
        assert check_outlier(D(x), STEADY) is None


def test_score_matches_the_formula():
    history = series(1, 2, 3, 4, 5, 6, 7)  # median 4, MAD 2
    assert modified_z_score(D(10), history) == D("0.6745") * 6 / 2


def test_mostly_zero_seasonal_series_does_not_warn():
    # fires per month: mostly none, a few in the dry season
    fires = series(0, 0, 0, 2, 3, 0, 0, 0, 0, 0, 1, 0)
    for x in (0, 1, 2, 4, 5, 8, 12, 30):
        assert check_outlier(D(x), fires) is None, x
    # an order-of-magnitude slip still warns (10 × the largest deviation seen)
    assert check_outlier(D(31), fires) is not None


def test_all_zero_history_never_warns():
    assert check_outlier(D(9275), series(*[0] * 12)) is None


def test_constant_history():
    schools = series(*[5] * 12)
    assert check_outlier(D(5), schools) is None
    assert check_outlier(D(6), schools) is None
    assert check_outlier(D(0), schools) is None  # a drop to zero can be real
    assert check_outlier(D(11), schools) is not None  # more than doubles
    assert check_outlier(D(-1), schools) is not None


def test_short_history_gives_no_judgement():
    assert check_outlier(D(1000000), series(1, 2, 3, 4, 5)) is None


def test_only_the_last_twelve_values_count_and_gaps_are_skipped():
    old = series(*[100000] * 20)
    recent = [D(10), None, D(11), D(12), D(10), D(11), D(12), D(10), D(11), D(12), D(10), D(11), D(12)]
    assert check_outlier(D(11), old + recent) is None
    assert check_outlier(D(100000), old + recent) is not None


@pytest.mark.parametrize("x", [D("-3.5"), D("1E+20"), D("0.0001")])
def test_extreme_values_do_not_raise(x):
    check_outlier(x, STEADY)
