"""docs/permissions.md says in a table what each role may do with each model; the permission matrix
checks the admin against MODEL_ACCESS, and the groups against it too. This keeps the three the same."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from tests.security.test_permission_matrix import GROUP_OF_ROLE, MODEL_ACCESS, STAFF_ROLES

pytestmark = pytest.mark.django_db
DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


def _documented_table() -> dict[str, dict[str, str]]:
    text = DOC.read_text()
    section = text.split("## The permission tables", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    header = next(line for line in section.splitlines() if line.startswith("| model |"))
    groups = [cell.strip() for cell in header.strip("|").split("|")[1:]]
    table: dict[str, dict[str, str]] = {group: {} for group in groups}
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        model = cells[0].strip("`")
        for group, letters in zip(groups, cells[1:], strict=True):
            if letters != "–":
                table[group][model] = letters
    return table


def test_the_documented_table_is_the_one_the_matrix_checks():
    documented = _documented_table()
    expected = {GROUP_OF_ROLE[role]: MODEL_ACCESS[role] for role in STAFF_ROLES}
    assert documented == expected
    assert sum(len(models) for models in documented.values()) >= 50


def test_the_documented_table_is_what_the_groups_hold():
    from django.contrib import admin

    letters = {"view": "v", "add": "a", "change": "c", "delete": "d"}
    registered = {model._meta.label_lower for model in admin.site._registry}
    checked = 0
    for group_name, models in _documented_table().items():
        held: dict[str, str] = {}
        for app_label, codename in Group.objects.get(name=group_name).permissions.values_list(
            "content_type__app_label", "codename"
        ):
            action, _, model = codename.partition("_")
            label = f"{app_label}.{model}"
            if action in letters and label in registered:
                held[label] = "".join(sorted(held.get(label, "") + letters[action], key="vacd".index))
        assert held == models, group_name
        checked += 1
    assert checked == len(STAFF_ROLES)
