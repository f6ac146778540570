"""The admin for models with an audit history (django-simple-history), read-only where it matters."""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """The history is a record, not an editor.

    django-simple-history's page for an old version saves that version on POST ("revert") with only the
    view permission and without our services: a view-only member of staff could rewrite a registration,
    a profile or an account, and a paid payment run would become unpaid. Every admin with a history uses
    this class, so those pages can be read and never posted.
    """

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
