from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

LONDON = ZoneInfo("Europe/London")
# Thursday 1 May 2025, 10am: the late May bank holiday (Monday 26 May) is a few weeks ahead.
FROZEN_NOW = datetime(2025, 5, 1, 10, 0, tzinfo=LONDON)


@pytest.fixture
def frozen_now(time_machine):
    """Time stands still at ``FROZEN_NOW``; move it with ``time_machine.move_to``."""
    time_machine.move_to(FROZEN_NOW, tick=False)
    return FROZEN_NOW
