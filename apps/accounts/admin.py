from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group

from apps.accounts.reauthentication import require_recent_authentication
from apps.core.history import HistoryAdmin

from .models import User

# What makes an account powerful. Only a superuser may change these, and never on their own account.
POWER_FIELDS = ["is_staff", "is_superuser", "groups", "user_permissions"]


class PortalUserCreationForm(AdminUserCreationForm):
    # The admin's form: it has the "usable password" choice the add page asks for.
    class Meta:
        model = User
        fields = ("email", "display_name")


class PortalUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(HistoryAdmin, DjangoUserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    ordering = ["email"]
    list_display = ["email", "display_name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal details", {"fields": ["display_name"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "display_name", "usable_password", "password1", "password2"],
            },
        ),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def get_readonly_fields(self, request, obj=None):
        """Only a superuser grants powers, and no one changes their own: a form field that is read-only
        is not in the form, so a crafted POST cannot set it either."""
        fixed = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fixed += POWER_FIELDS
        if obj is not None and obj.pk == request.user.pk:
            fixed += ["is_active", *POWER_FIELDS]
        return list(dict.fromkeys(fixed))

    def has_change_permission(self, request, obj=None):
        # Whoever may change a superuser's email or password could take the account over.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # Handing out (or taking away) powers is checked once more: the person confirms who they are.
        if set(form.changed_data) & set(POWER_FIELDS):
            require_recent_authentication(request)
        super().save_model(request, obj, form, change)


# A group's permissions are the permissions of everyone in it: changing them is granting permissions.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    def get_readonly_fields(self, request, obj=None):
        fixed = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser or (
            obj is not None and request.user.groups.filter(pk=obj.pk).exists()
        ):
            fixed.append("permissions")
        return fixed

    def save_related(self, request, form, formsets, change):
        if "permissions" in form.changed_data:
            require_recent_authentication(request)
        super().save_related(request, form, formsets, change)


# allauth's action marks addresses verified for anyone who may merely look at the list.
admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class PortalEmailAddressAdmin(EmailAddressAdmin):
    @admin.action(description="Mark selected email addresses as verified", permissions=["change"])
    def make_verified(self, request, queryset):
        return super().make_verified(request, queryset)
