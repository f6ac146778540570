from django.contrib import admin, messages
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from .encryption import is_sealed
from .enums import OutboxStatus
from .key_links import mask_key_links
from .models import OutboxMessage, Topic
from .services import outbox_resend


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


HIDDEN_SECRET_TEXT = "Hidden: this email carries a sign-in code or a one-time link, which staff never see."
HIDDEN_SEALED_TEXT = "Hidden: this email carries a personal link, so its text is kept encrypted."


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    # Narrow columns first, so the status stays in view on a 1280 px screen next to the filters.
    list_display = ["queued", "status", "tries", "recipient", "kind", "short_subject", "short_error"]
    list_filter = ["status", "kind"]
    search_fields = ["recipient", "subject"]
    date_hierarchy = "created_at"
    # The text itself is shown only through `text`, which hides secrets: never list body fields here.
    fields = [
        "recipient",
        "cc",
        "kind",
        "about",
        "occasion",
        "subject",
        "text",
        "attachment_names",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "last_error",
        "secret",
        "body_removed_at",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields
    actions = ["resend_failed"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Nothing in a message is edited by hand; "change" only allows the resend action.
        return super().has_change_permission(request, obj) and obj is None

    class Media:
        css = {"all": ["css/admin/outbox.css"]}

    @admin.display(description="queued", ordering="created_at")
    def queued(self, message):
        # Short, so the status stays in view; the year is in the date bar above the list.
        return date_format(timezone.localtime(message.created_at), "j M H:i")

    @admin.display(description="tries", ordering="attempts")
    def tries(self, message):
        return message.attempts

    @admin.display(description="subject", ordering="subject")
    def short_subject(self, message):
        # The cell is cut short on screen (outbox.css); the whole subject shows on hover.
        return format_html('<span title="{}">{}</span>', message.subject, message.subject)

    @admin.display(description="last error")
    def short_error(self, message):
        return format_html('<span title="{}">{}</span>', message.last_error, message.last_error)

    @admin.display(description="text")
    def text(self, message):
        if message.secret and message.body_removed_at is None:
            return HIDDEN_SECRET_TEXT
        if is_sealed(message.body_text):  # an older email with its links in it, encrypted by migration 0007
            return HIDDEN_SEALED_TEXT
        # Links that act as keys are placeholders, filled only when sending: staff see where one goes.
        return mask_key_links(message.body_text)

    @admin.display(description="attachments")
    def attachment_names(self, message):
        return ", ".join(attachment["filename"] for attachment in message.attachments) or "None"

    @admin.action(description="Resend the selected failed messages", permissions=["change"])
    def resend_failed(self, request, queryset):
        failed = list(queryset.filter(status=OutboxStatus.FAILED))
        resent = sum(outbox_resend(message=message) for message in failed)
        gone = len(failed) - resent
        skipped = queryset.count() - len(failed)
        self.message_user(request, f"{resent} failed message(s) queued to send again.", messages.SUCCESS)
        if gone:
            self.message_user(
                request,
                f"{gone} message(s) could not be sent again because their text is no longer kept (a sign-in "
                "code or link, or an old email). The person can ask for a new code or link.",
                messages.WARNING,
            )
        if skipped:
            self.message_user(
                request,
                f"{skipped} selected message(s) had not failed and were left alone.",
                messages.WARNING,
            )
