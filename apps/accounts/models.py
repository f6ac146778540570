from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who can sign in. Email is the login; there is no username."""

    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(
        max_length=150, blank=True, help_text="The name we use when we write to you or show your name."
    )
    is_staff = models.BooleanField(
        default=False, help_text="Staff of the unit: can sign in to the admin site."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()
    # Personal data changes are audited: who changed what, and when. Secrets are not copied.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["display_name", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_case_insensitive_unique")]

    def __str__(self):
        return self.display_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    # Set on the signed-in user of a request whose session has not passed the second factor yet
    # (apps.accounts.middleware.SecondFactorAuthenticationMiddleware). A user read anywhere else (a task, a
    # command, another person's account) is not a session and keeps the powers of their role.
    second_factor_pending = False

    @property
    def has_staff_powers(self) -> bool:
        """The one rule for every staff power: an active staff account, and for the signed-in person a
        session that has passed the second factor. Permissions, the staff area and every `can_*` helper
        ask it (through has_perm and the backends), so nothing grants a staff power without it."""
        return self.is_active and self.is_staff and not self.second_factor_pending

    # Django lets an active superuser do anything, staff or not. Here every permission, a superuser's
    # included, needs staff powers (the backends apply the same rule to everyone else).
    def has_perm(self, perm, obj=None):
        return self.has_staff_powers and super().has_perm(perm, obj)

    def has_perms(self, perm_list, obj=None):
        return self.has_staff_powers and super().has_perms(perm_list, obj)

    def has_module_perms(self, app_label):
        return self.has_staff_powers and super().has_module_perms(app_label)

    def get_full_name(self):
        return self.display_name or self.email

    def get_short_name(self):
        return self.display_name.split(" ")[0] if self.display_name else self.email
