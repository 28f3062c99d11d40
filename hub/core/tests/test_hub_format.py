from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from hub.core.formatting import govuk_time


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (time(10, 0), "10am"),
        (time(14, 30), "2:30pm"),
        (time(12, 0), "midday"),
        (time(0, 0), "midnight"),
        (time(0, 15), "12:15am"),
        (time(12, 5), "12:05pm"),
        (None, ""),
    ],
)
def test_times_are_written_in_govuk_style(value, expected):
    assert govuk_time(value) == expected


def test_aware_datetimes_are_shown_in_uk_local_time():
    # 09:00 UTC in July is 10am British Summer Time.
    assert govuk_time(datetime(2022, 7, 1, 9, 0, tzinfo=ZoneInfo("UTC"))) == "10am"
