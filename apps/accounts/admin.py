from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from apps.accounts.reauthentication import require_recent_authentication
from apps.core.history import HistoryAdmin

from .models import User
from .services import authenticator_remove, user_send_password_reset

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        password = self.fields.get("password")
        if password is not None:
            # Django links to a page for setting the password; here nobody sets someone else's.
            password.help_text = (
                "Nobody sets another person's password. To help someone who cannot sign in, select them "
                'in the list and choose "Send a password reset link": the link goes to their own address.'
            )


@admin.register(User)
class UserAdmin(HistoryAdmin, DjangoUserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    ordering = ["email"]
    # Fits a 1280-pixel screen: the columns a person scans, no more.
    list_display = ["email", "display_name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "display_name"]
    # No password hash: it means nothing to anyone, and nobody sets another person's password here.
    fieldsets = [
        (None, {"fields": ["email"]}),
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
    actions = ["send_password_reset"]

    def get_readonly_fields(self, request, obj=None):
        """Only a superuser grants powers, and no one changes their own: a form field that is read-only
        is not in the form, so a crafted POST cannot set it either. Nobody sets another person's email
        address here (people change their own on their account page, which confirms the new one)."""
        fixed = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fixed += POWER_FIELDS
        if obj is not None:
            fixed.append("email")
        if obj is not None and obj.pk == request.user.pk:
            fixed += ["is_active", *POWER_FIELDS]
        return list(dict.fromkeys(fixed))

    def user_change_password(self, request, id, form_url=""):
        """Staff never set another person's password (they could then sign in as them), and their own
        is changed on their account page, which asks for the old one."""
        raise PermissionDenied("Nobody sets another person's password: send them a password reset link.")

    @admin.action(description="Send a password reset link", permissions=["change"])
    def send_password_reset(self, request, queryset):
        sent = 0
        for user in queryset:
            if user.is_superuser and not request.user.is_superuser:
                continue
            user_send_password_reset(user=user, request=request)
            sent += 1
        self.message_user(
            request,
            f"A password reset link was sent to {sent} account{'s' if sent != 1 else ''}, "
            "each to its own address. Nobody else sees the link.",
            messages.SUCCESS,
        )

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


# An email address is a way into an account (a reset link or sign-in code goes to it): nobody adds,
# changes or marks verified someone else's here. People add and confirm their own on their account page;
# staff reach someone at a new address by inviting it.
admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class PortalEmailAddressAdmin(EmailAddressAdmin):
    actions = []

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The view permission shows the list and each address; nothing on them can be saved.
        return False


# Authenticators (superusers only): never added or edited here (a secret would be set by someone else);
# removing someone's asks the superuser to confirm who they are and tells the person.
admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class PortalAuthenticatorAdmin(admin.ModelAdmin):
    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields
    actions = []

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "POST":
            require_recent_authentication(request)
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        authenticator_remove(authenticator=obj, by=request.user)
