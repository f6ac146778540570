from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse

from apps.core.history import HistoryAdmin
from apps.core.readability import ReadabilityAdminMixin

from .enums import PublicationStatus
from .models import Publication, PublicationAuthor
from .services import publication_mark_published, publication_reindex


class PublicationAuthorInline(admin.TabularInline):
    model = PublicationAuthor
    extra = 1
    autocomplete_fields = ["profile"]
    fields = ["position", "family_name", "given_name", "profile"]


@admin.register(Publication)
class PublicationAdmin(ReadabilityAdminMixin, HistoryAdmin):
    readability_fields = ("plain_summary",)
    readability_public_when = ("is_public", True)
    list_display = ["title", "type", "year", "status", "author_count", "is_public"]
    list_filter = ["type", "status", "year", "is_public", "topics"]
    search_fields = ["title", "doi", "venue", "authors__family_name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics", "communities", "version_of"]
    inlines = [PublicationAuthorInline]
    actions = ["mark_published"]
    history_list_display = ["type", "status", "volume", "pages"]
    fieldsets = [
        (None, {"fields": ["type", "title", "slug", "is_public"]}),
        (
            "Stage",
            {
                "fields": ["status", "stage_date", "version_of"],
                "description": "Where the work has got to. Link each version of one piece of work (the "
                "abstract, the paper, the final report) to its first record: they are shown together.",
            },
        ),
        ("Where and when", {"fields": ["venue", "year", "month", "volume", "issue", "supplement", "pages"]}),
        ("Links", {"fields": ["doi", "url", "open_access_file", "open_access_url"]}),
        ("Content", {"fields": ["abstract", "plain_summary", "topics", "communities"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_author_count=Count("authors")).defer("search_vector")

    @admin.display(description="Authors", ordering="_author_count")
    def author_count(self, obj):
        return obj._author_count

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "import_url": reverse("publications:import")}
        return super().changelist_view(request, extra_context=extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        publication_reindex(publication_ids=[form.instance.pk])

    @admin.action(
        description="Mark as published (keeps the earlier version in the history)", permissions=["change"]
    )
    def mark_published(self, request, queryset):
        upgraded, refused = 0, []
        for publication in queryset.filter(status=PublicationStatus.IN_PRESS):
            try:
                publication_mark_published(publication=publication)
            except ValidationError:
                refused.append(publication.title)
                continue
            upgraded += 1
        self.message_user(request, f"{upgraded} publication(s) marked as published.", messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                "Not changed, as they are in the public library without a plain-language summary: "
                + "; ".join(refused)
                + ". Add a summary to each, then try again.",
                messages.ERROR,
            )
