"""Forms shared across the Hub: the GOV.UK renderer and field types.

Area-specific forms live in modules beside this one (``accounts``, ``actions``...).
"""

from hub.core.forms.fields import GovukDateField, GovukDateWidget

__all__ = ["GovukDateField", "GovukDateWidget"]
