from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.html import format_html

from apps.core.history import HistoryAdmin
from apps.core.readability import ReadabilityAdminMixin

from .enums import PageStatus
from .models import HomeBlock, HomeBlockItem, Page, Section
from .services import page_publish, page_unpublish


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "navigation_order",
        "show_on_home",
        "home_order",
        "published_count",
        "page_count",
    ]
    list_editable = ["navigation_order"]
    list_filter = ["show_on_home"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _page_count=Count("pages"),
                _published_count=Count("pages", filter=Q(pages__status=PageStatus.PUBLISHED)),
            )
        )

    @admin.display(description="Pages", ordering="_page_count")
    def page_count(self, section):
        return section._page_count

    @admin.display(description="Published", ordering="_published_count")
    def published_count(self, section):
        return section._published_count


@admin.register(Page)
class PageAdmin(ReadabilityAdminMixin, HistoryAdmin):
    readability_fields = ("body",)
    readability_public_when = ("status", "published")
    easy_read_fields = ("easy_read_body",)
    list_display = [
        "title",
        "section",
        "status",
        "navigation_order",
        "is_featured",
        "last_reviewed",
        "updated_at",
    ]
    list_filter = ["status", "section", "is_featured"]
    list_select_related = ["section"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["section"]
    readonly_fields = ["preview", "created_at", "updated_at"]
    actions = ["publish", "move_to_draft"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "section", "summary", "body", "easy_read_body"]}),
        ("Preview of the saved page", {"fields": ["preview"]}),
        (
            "Publishing",
            {"fields": ["status", "last_reviewed", "navigation_order", "is_featured", "meta_description"]},
        ),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description="How the body looks")
    def preview(self, page):
        if not page.pk:
            return "Save the page to see a preview here. Drafts can also be viewed on the site by staff."
        return format_html('<div class="pages-preview">{}</div>', page.body_html)

    @admin.action(description="Publish the selected pages", permissions=["change"])
    def publish(self, request, queryset):
        for page in queryset:
            page_publish(page=page)
        self.message_user(request, f"Published {queryset.count()} page(s).", messages.SUCCESS)

    @admin.action(description="Move the selected pages back to draft", permissions=["change"])
    def move_to_draft(self, request, queryset):
        for page in queryset:
            page_unpublish(page=page)
        self.message_user(request, f"Moved {queryset.count()} page(s) to draft.", messages.SUCCESS)


class HomeBlockItemInline(admin.StackedInline):
    model = HomeBlockItem
    extra = 1
    fields = ["title", "text", "link_url", "order"]


@admin.register(HomeBlock)
class HomeBlockAdmin(admin.ModelAdmin):
    list_display = ["title", "style", "order", "is_published", "item_count"]
    list_editable = ["order", "is_published"]
    list_filter = ["style", "is_published"]
    search_fields = ["title", "body"]
    readonly_fields = ["preview"]
    inlines = [HomeBlockItemInline]
    fields = ["title", "style", "body", "preview", "order", "is_published"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_item_count=Count("items"))

    @admin.display(description="Cards or links", ordering="_item_count")
    def item_count(self, block):
        return block._item_count

    @admin.display(description="How the text looks")
    def preview(self, block):
        if not block.pk:
            return "Save the block to see a preview here."
        return format_html('<div class="pages-preview">{}</div>', block.body_html)
