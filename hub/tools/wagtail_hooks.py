"""The practitioner tools' content in the staff back office (see ``hub/tools/admin.py``)."""

from wagtail import hooks


@hooks.register("register_admin_viewset")
def register_tools_viewsets():
    from hub.tools.admin import ToolsViewSetGroup

    return ToolsViewSetGroup()
