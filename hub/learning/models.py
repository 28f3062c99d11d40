"""The learning app's models, defined in one module per part and gathered here for Django."""

from hub.learning.assurance.models import *  # noqa: F403
from hub.learning.audits.models import *  # noqa: F403
from hub.learning.common import Grade, GradingScheme, LearningSettings  # noqa: F401
from hub.learning.scrutiny.models import *  # noqa: F403
from hub.learning.section11.models import *  # noqa: F403
from hub.learning.surveys.models import *  # noqa: F403
from hub.learning.themes.models import *  # noqa: F403
