"""Changing a saved record the one way every service does: set the fields, validate, save."""

from django.db import models


def model_update(instance: models.Model, **fields) -> list[str]:
    """Set `fields` on `instance`, check it (`full_clean()`, which raises ValidationError) and save it.

    Returns the names of the fields whose value differs from what the instance held before, in the order
    given. The record is saved (and its history written) even when nothing differs: the caller decides
    whether an unchanged update is worth skipping. Each service keeps its own rules around this call
    (which fields it accepts, what is compared with the database, who is told).
    """
    changed = [name for name, value in fields.items() if getattr(instance, name) != value]
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return changed
