"""Impacts are written and changed here; /staff/impacts/ shows them with their pathway."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count

from apps.core.history import HistoryAdmin
from apps.core.readability import ReadabilityAdminMixin

from . import services
from .models import EvidenceItem, Impact, ImpactPerson


class _PrivateFileLink:
    """A saved evidence file as the admin's file widget shows it: linked to the permission-checked view,
    since private files have no public URL."""

    def __init__(self, field_file):
        self.field_file = field_file

    @property
    def url(self):
        return self.field_file.instance.get_file_url()

    def __str__(self):
        return self.field_file.name.rsplit("/", 1)[-1]


class PrivateFileInput(forms.ClearableFileInput):
    def is_initial(self, value):
        return bool(value and getattr(value, "name", None) and getattr(value, "instance", None))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.is_initial(value):
            context["widget"]["value"] = _PrivateFileLink(value)
        return context


PRIVATE_FILES = {models.FileField: {"widget": PrivateFileInput}}


class EvidenceItemFormSet(forms.BaseInlineFormSet):
    """The impact's status must be backed by the evidence items kept (services.impact_status_problem).

    `self.instance` already carries the status just typed: the admin applies the impact's form first."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kinds = [
            form.cleaned_data["kind"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("kind")
        ]
        problem = services.impact_status_problem(status=self.instance.status, kinds=kinds)
        if problem:
            raise ValidationError(problem)


class EvidenceItemInline(admin.StackedInline):
    model = EvidenceItem
    formset = EvidenceItemFormSet
    extra = 0
    formfield_overrides = PRIVATE_FILES
    fields = [
        "kind",
        "dated_on",
        "title",
        "description",
        "file",
        "url",
        ("figure", "figure_unit"),
        "citation",
        ("contact_name", "contact_role", "contact_email"),
    ]


class ImpactPersonInline(admin.TabularInline):
    model = ImpactPerson
    extra = 0
    # A plain list, not autocomplete: brokers and coordinators may not open the profiles admin.


@admin.register(Impact)
class ImpactAdmin(ReadabilityAdminMixin, HistoryAdmin):
    # The public story: its reading age under the field, and a tick to tell it above the aim.
    readability_fields = ("story",)
    readability_public_when = ("tell_publicly", True)
    list_display = [
        "title",
        "level",
        "status",
        "confidentiality",
        "tell_publicly",
        "started_on",
        "evidence_count",
    ]
    list_filter = ["level", "status", "confidentiality", "tell_publicly"]
    search_fields = ["title", "summary", "organisations"]
    date_hierarchy = "started_on"
    filter_horizontal = [
        "publications",
        "communities",
        "meetings",
        "seminars",
        "evidence_requests",
        "impact_entries",
    ]
    inlines = [ImpactPersonInline, EvidenceItemInline]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "summary", "level", "status", "confidentiality"]}),
        ("Where and who", {"fields": ["organisations", "places", "reach", "people_reached"]}),
        ("When", {"fields": ["started_on", "ended_on"]}),
        (
            "The public story (only for a Public impact)",
            {"fields": ["slug", "story", "tell_publicly", "publish_above_reading_age"]},
        ),
        (
            "What led to it",
            {
                "fields": [
                    "publications",
                    "communities",
                    "meetings",
                    "seminars",
                    "evidence_requests",
                    "impact_entries",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(evidence_total=Count("evidence_items"))

    @admin.display(description="evidence items", ordering="evidence_total")
    def evidence_count(self, obj):
        return obj.evidence_total

    def save_model(self, request, obj, form, change):
        services.impact_save(impact=obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not EvidenceItem:
            return super().save_formset(request, form, formset, change)
        items = formset.save(commit=False)
        for item in formset.deleted_objects:
            item.delete()
        for item in items:
            services.evidence_item_save(item=item, actor=request.user)
        formset.save_m2m()


@admin.register(EvidenceItem)
class EvidenceItemAdmin(HistoryAdmin):
    list_display = ["title", "impact", "kind", "dated_on"]
    list_filter = ["kind"]
    list_select_related = ["impact"]
    search_fields = ["title", "impact__title"]
    date_hierarchy = "dated_on"
    raw_id_fields = ["impact"]
    readonly_fields = ["added_by"]
    formfield_overrides = PRIVATE_FILES

    def save_model(self, request, obj, form, change):
        services.evidence_item_save(item=obj, actor=request.user)
