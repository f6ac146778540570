from django.contrib import admin, messages

from .enums import OutboxStatus
from .models import OutboxMessage, Topic
from .services import outbox_resend


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "recipient",
        "kind",
        "subject",
        "status",
        "attempts",
        "sent_at",
        "short_error",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["recipient", "subject"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
    actions = ["resend_failed"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="last error")
    def short_error(self, message):
        return message.last_error[:80]

    @admin.action(description="Resend the selected failed messages", permissions=["change"])
    def resend_failed(self, request, queryset):
        resent = sum(
            outbox_resend(message=message) for message in queryset.filter(status=OutboxStatus.FAILED)
        )
        skipped = queryset.count() - resent
        self.message_user(request, f"{resent} failed message(s) queued to send again.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"{skipped} selected message(s) had not failed and were left alone.",
                messages.WARNING,
            )
