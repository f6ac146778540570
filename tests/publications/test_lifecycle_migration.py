"""The lifecycle migration sets the stage of abstracts and final reports, and can be undone."""

import pytest
from django.db import connection

from tests.migrating import MigrationExecutor


def _targets():
    """This migration, the one before it in the app (found by name: numbers change when branches
    merge)."""
    graph = MigrationExecutor(connection).loader.graph
    after = next(
        key
        for key in graph.nodes
        if key[0] == "publications" and key[1].endswith("_publication_lifecycle_stages_and_versions")
    )
    before = next(parent for parent in graph.node_map[after].parents if parent.key[0] == "publications").key
    return [before], [after]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.fixture
def _back_to_latest(transactional_db):
    yield
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.usefixtures("_back_to_latest")
def test_stages_come_from_types_and_go_back_to_the_two_old_stages():
    BEFORE, AFTER = _targets()  # noqa: N806
    old_apps = _migrate(BEFORE)
    Publication = old_apps.get_model("publications", "Publication")
    for number, (kind, status) in enumerate(
        [
            ("conference_abstract", "published"),
            ("nihr_final_report", "published"),
            ("journal_article", "in_press"),
            ("journal_article", "published"),
        ]
    ):
        Publication.objects.create(title=kind, slug=f"p{number}", year=2020, type=kind, status=status)

    new_apps = _migrate(AFTER)
    Publication = new_apps.get_model("publications", "Publication")
    assert list(Publication.objects.order_by("slug").values_list("status", flat=True)) == [
        "conference_abstract",
        "final_report",
        "in_press",
        "published",
    ]
    Publication.objects.filter(slug="p3").update(status="preprint")

    old_apps = _migrate(BEFORE)
    Publication = old_apps.get_model("publications", "Publication")
    assert list(Publication.objects.order_by("slug").values_list("status", flat=True)) == [
        "published",
        "published",
        "in_press",
        "in_press",
    ]
