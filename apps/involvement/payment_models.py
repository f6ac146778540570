"""The lists behind how members are paid: kinds of activity with their paid time, and the charities a
member may give a payment to. Kept apart from models.py (which many hands edit); models.py imports them."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords


class ActivityKind(models.Model):
    """A kind of activity paid as a set time, whatever time it took (the national guidance pays some
    tasks this way): "Reviewing a plain-language summary" is paid as 30 minutes. The paid time is
    priced at the hourly rate in force on the activity's own date, so a rise in the rate table reaches
    every kind at once."""

    name = models.CharField(max_length=120, unique=True)
    paid_hours = models.DecimalField(
        "paid time (hours)",
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25"))],
        help_text=(
            "The time this kind of activity is paid as, in hours: 0.5 for half an hour, 2 for two hours. "
            "It is paid at the hourly rate in force on the activity's date."
        ),
    )
    description = models.CharField(
        max_length=200, blank=True, help_text="What it covers, for the coordinators choosing it."
    )
    is_active = models.BooleanField(
        "can be chosen", default=True, help_text="Untick to stop using it; past activities keep it."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(paid_hours__gt=0), name="involvement_kind_paid_time"),
        ]

    def __str__(self):
        return f"{self.name} (paid as {self.paid_hours.normalize():f} hours)"


class Charity(models.Model):
    """A charity the unit will give a member's payment to, when the member asks. Finance and the
    coordinators keep the list."""

    name = models.CharField(max_length=150, unique=True)
    registered_number = models.CharField(
        "registered charity number", max_length=20, blank=True, help_text="For finance's records."
    )
    is_active = models.BooleanField(
        "members can choose it",
        default=True,
        help_text="Untick to take it off the list; payments already given to it stay as they were.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "charities"

    def __str__(self):
        return self.name
