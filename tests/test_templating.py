"""The filters templates format with."""

from datetime import timedelta

import pytest

from flaskgram.models import utcnow
from flaskgram.web.templating import short_time_ago


@pytest.mark.parametrize(
    "age, shown",
    [
        (timedelta(seconds=0), "now"),
        (timedelta(seconds=59), "now"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=59, seconds=59), "59m"),
        (timedelta(hours=1), "1h"),
        (timedelta(hours=23), "23h"),
        (timedelta(days=1), "1d"),
        (timedelta(days=6), "6d"),
        (timedelta(days=7), "1w"),
        (timedelta(days=364), "52w"),
        (timedelta(days=365), "1y"),
        (timedelta(days=3 * 365 + 1), "3y"),
    ],
)
def test_short_time_ago(age, shown):
    """A comment's age fits in a few letters: the largest whole unit, rounded down."""
    assert short_time_ago(utcnow() - age) == shown
