"""accounts/0004_roles_for_new_records adds the new records' permissions to the role groups that exist,
keeps what staff gave a group themselves, and going back removes only what it added."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection

from tests.migrating import MigrationExecutor

BEFORE = [("accounts", "0003_staff_roles")]
AFTER = [("accounts", "0004_roles_for_new_records")]


def _codenames(name):
    return set(Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename"))


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_new_permissions_are_added_to_existing_roles_and_taken_back_on_the_way_down():
    _migrate(BEFORE)
    kept = Permission.objects.get(content_type__app_label="involvement", codename="view_rate")
    Group.objects.get_or_create(name="Unit lead")
    finance, _ = Group.objects.get_or_create(name="Finance")
    finance.permissions.set([kept])  # what staff left the role with
    Group.objects.filter(name="Involvement coordinator").delete()  # a role the unit does not use

    _migrate(AFTER)

    lead = _codenames("Unit lead")
    assert {
        ("involvement", "delete_paymentrun"),
        ("communities", "view_joinrequest"),
        ("impact", "publish_impactentry"),
        ("impact", "change_impactentry"),
        ("impact", "view_memberpreference"),
        ("seminars", "view_personal_details"),
    } <= lead
    assert ("communities", "change_joinrequest") not in lead
    assert _codenames("Finance") == {
        ("involvement", "view_rate"),
        *(("involvement", f"{action}_paymentrun") for action in ("view", "add", "change", "delete")),
    }
    assert not Group.objects.filter(name="Involvement coordinator").exists()

    _migrate(BEFORE)

    assert _codenames("Finance") == {("involvement", "view_rate")}
    assert not {
        ("involvement", "view_paymentrun"),
        ("impact", "view_impactentry"),
        ("seminars", "view_personal_details"),
    } & _codenames("Unit lead")

    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())
