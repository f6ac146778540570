"""Coordinators record "you said, we did" here. Saving and publishing go through the services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from apps.core.readability import ReadabilityAdminMixin

from .enums import EntryStatus
from .models import Contribution, ImpactEntry, MemberPreference, Standard
from .services import impact_entry_publish, impact_entry_save, impact_entry_unpublish


class ImpactEntryForm(forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        label="Members who gave the advice",
        queryset=get_user_model().objects.none(),
        required=False,
        widget=FilteredSelectMultiple("members", is_stacked=False),
        help_text="Each member chooses for themselves whether their name is shown.",
    )

    class Meta:
        model = ImpactEntry
        fields = [
            "title",
            "slug",
            "happened_on",
            "opportunity",
            "activity",
            "you_said",
            "we_did",
            "standards",
            "topics",
            "is_highlight",
        ]
        widgets = {"standards": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            get_user_model()
            .objects.filter(involvement_memberships__isnull=False)
            .distinct()
            .order_by("display_name")
        )
        if self.instance.pk:
            self.fields["members"].initial = list(
                self.instance.contributions.values_list("user_id", flat=True)
            )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug == "how-we-tell-you":
            raise ValidationError("This web address is taken by another page. Choose another.")
        return slug


class ContributionInline(admin.TabularInline):
    """Read-only: who took part and whether they chose to be named (their choice, not staff's)."""

    model = Contribution
    fields = ["user", "named", "news_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "entry")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImpactEntry)
class ImpactEntryAdmin(ReadabilityAdminMixin, admin.ModelAdmin):
    readability_fields = ("you_said", "we_did")
    form = ImpactEntryForm
    list_display = ["title", "happened_on", "status", "standard_names", "is_highlight"]
    list_filter = ["status", "standards", "is_highlight"]
    search_fields = ["title", "you_said", "we_did"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["opportunity", "activity"]
    inlines = [ContributionInline]
    actions = ["publish", "unpublish"]
    date_hierarchy = "happened_on"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("standards")

    @admin.display(description="standards")
    def standard_names(self, obj):
        return ", ".join(standard.name for standard in obj.standards.all())

    def save_model(self, request, obj, form, change):
        impact_entry_save(
            entry=obj,
            standards=form.cleaned_data["standards"],
            topics=form.cleaned_data["topics"],
            members=form.cleaned_data["members"],
        )

    def save_related(self, request, form, formsets, change):
        # impact_entry_save() already wrote the standards, topics and members, so the form's own
        # many-to-many save is skipped. The inline is read-only: saving it changes nothing.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def has_publish_permission(self, request):
        return request.user.has_perm("impact.publish_impactentry")

    @admin.action(description="Publish the selected entries and tell the members", permissions=["publish"])
    def publish(self, request, queryset):
        published = 0
        for entry in queryset.exclude(status=EntryStatus.PUBLISHED):
            try:
                impact_entry_publish(entry=entry)
            except ValidationError as error:
                self.message_user(request, f"{entry}: {' '.join(error.messages)}", messages.ERROR)
                continue
            published += 1
        self.message_user(request, f"Published {published} entr{'y' if published == 1 else 'ies'}.")

    @admin.action(description="Take the selected entries off the public page", permissions=["publish"])
    def unpublish(self, request, queryset):
        for entry in queryset:
            impact_entry_unpublish(entry=entry)
        self.message_user(request, "Taken off the public page.")


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    search_fields = ["name"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MemberPreference)
class MemberPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "hear_about"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "hear_about"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
