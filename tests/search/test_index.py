"""The index stays true: publication, approval, unpublication and deletion update it at
once; drafts, snippets under review and private pages never appear."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import (
    GroupApprovalTask,
    Page,
    PageViewRestriction,
    Site,
    Workflow,
    WorkflowTask,
)

from cms_blocks.models import Axis, Commitment, CommitteeMember, Initiative, Institution
from home.models import ContentPage, HomePage
from search import indexing
from search.models import SearchDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer():
    return get_user_model().objects.create_superuser("revisor-prueba", "r@example.org", "x")


@pytest.fixture
def workflow():
    group = Group.objects.create(name="Revisores de prueba")
    task = GroupApprovalTask.objects.create(name="Revisión de prueba")
    task.groups.set([group])
    workflow = Workflow.objects.create(name="Flujo de prueba")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def snapshot():
    return sorted(
        SearchDocument.objects.values_list(
            "kind", "object_id", "title", "url", "axis_id", "lead_terms", "body_terms"
        )
    )


def urls(search, q):
    return [r["url"] for r in search(q)["results"]]


def test_seed_leaves_the_index_complete(seeded):
    """load_plan (run by the fixture) fills the index through the signals alone: it holds
    exactly what a full rebuild holds, including every kind of content."""
    incremental = snapshot()
    indexing.rebuild()
    assert snapshot() == incremental
    kinds = set(SearchDocument.objects.values_list("kind", flat=True))
    assert {"pagina", "compromiso", "informe", "integrante", "iniciativa"} <= kinds
    assert SearchDocument.objects.filter(kind="integrante").count() == 12


def test_rebuild_command(seeded, capsys):
    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index")
    assert "documentos" in capsys.readouterr().out
    assert SearchDocument.objects.filter(kind="compromiso").count() == 2


def test_draft_page_is_never_found(seeded, search):
    draft = ContentPage(title="Borrador xilófono", slug="borrador-xilofono", live=False)
    seeded.add_child(instance=draft)
    draft.save_revision()
    assert search("xilofono")["count"] == 0
    draft.get_latest_revision().publish()
    assert search("xilofono")["count"] == 1
    draft.refresh_from_db()
    draft.unpublish()
    assert search("xilofono")["count"] == 0


def test_draft_of_a_live_page_does_not_leak(seeded, search):
    page = Page.objects.get(slug="monitoreo").specific
    old_url = f"http://testserver{page.url}"
    page.title = "Monitoreo ornitorrinco"
    page.intro = "Un borrador con ornitorrinco."
    page.save_revision()
    assert search("ornitorrinco")["count"] == 0
    assert old_url in urls(search, "monitoreo independiente")
    page.get_latest_revision().publish()
    assert search("ornitorrinco")["results"][0]["url"] == old_url
    assert search("monitoreo independiente")["count"] >= 0  # still searchable, new title


def test_snippet_under_review_does_not_leak_until_approved(seeded, search, workflow, reviewer):
    member = CommitteeMember.objects.get(name="Odelys Salcedo")
    member.name = "Odelys Salcedo Quetzal"
    member.save_revision(user=reviewer)
    state = workflow.start(member, reviewer)
    assert state.status == state.STATUS_IN_PROGRESS
    member.refresh_from_db()
    assert member.live and member.name == "Odelys Salcedo"  # the row is the published version
    assert search("quetzal")["count"] == 0
    assert [r["title"] for r in search("odelys salcedo")["results"]] == ["Odelys Salcedo"]

    state.current_task_state.approve(user=reviewer)
    member.refresh_from_db()
    assert member.name == "Odelys Salcedo Quetzal"
    assert [r["title"] for r in search("quetzal")["results"]] == ["Odelys Salcedo Quetzal"]


def test_unpublish_and_delete_update_the_index_at_once(seeded, search):
    initiative = Initiative.objects.get(slug="codigos-qr")
    assert search("codigos qr")["results"][0]["title"] == "Códigos QR"
    initiative.unpublish()
    assert "Códigos QR" not in [r["title"] for r in search("codigos qr")["results"]]
    initiative.refresh_from_db()
    initiative.get_latest_revision().publish()
    assert search("codigos qr")["results"][0]["title"] == "Códigos QR"
    initiative.delete()
    assert "Códigos QR" not in [r["title"] for r in search("codigos qr")["results"]]
    assert not SearchDocument.objects.filter(kind="iniciativa", title="Códigos QR").exists()


def test_unpublished_new_snippet_is_not_found(seeded, search):
    Initiative.objects.create(
        title="Iniciativa guacamaya", slug="guacamaya", kind="initiative", live=False
    )
    assert search("guacamaya")["count"] == 0


def test_page_deletion_removes_the_page_and_its_children(seeded, search):
    parent = ContentPage(title="Sección tucán", slug="tucan")
    seeded.add_child(instance=parent)
    parent.add_child(instance=ContentPage(title="Subpágina tucán", slug="subpagina-tucan"))
    assert search("tucan")["count"] == 2
    parent.delete()
    assert search("tucan")["count"] == 0


def test_private_pages_are_never_found(seeded, search):
    page = ContentPage(title="Página privada capibara", slug="capibara")
    seeded.add_child(instance=page)
    child = ContentPage(title="Hija capibara", slug="hija-capibara")
    page.add_child(instance=child)
    assert search("capibara")["count"] == 2
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secreta"
    )
    assert search("capibara")["count"] == 0
    restriction.delete()
    assert search("capibara")["count"] == 2


def test_moving_or_renaming_a_page_updates_its_url(seeded, search):
    page = ContentPage(title="Página nutria", slug="nutria")
    seeded.add_child(instance=page)
    child = ContentPage(title="Hija nutria", slug="hija")
    page.add_child(instance=child)
    page.slug = "nutria-nueva"
    page.save_revision().publish()
    found = urls(search, "nutria")
    assert "http://testserver/nutria-nueva/hija/" in found
    target = Page.objects.get(slug="monitoreo")
    page.refresh_from_db()
    page.move(target, pos="last-child")
    assert "http://testserver/monitoreo/nutria-nueva/hija/" in urls(search, "hija nutria")


def test_pages_outside_any_site_are_not_found(seeded, search):
    root = Page.get_first_root_node()
    orphan = ContentPage(title="Página huérfana ocelote", slug="ocelote")
    root.add_child(instance=orphan)
    assert search("ocelote")["count"] == 0
    Site.objects.create(hostname="ocelote.example", port=80, root_page=orphan)
    assert search("ocelote")["results"][0]["url"].startswith("http://ocelote.example")


def test_member_follows_its_committee(seeded, search):
    member = CommitteeMember.objects.get(name="Kevin Zabaleta")
    committee = member.committee
    committee.unpublish()
    assert search("kevin zabaleta")["count"] == 0
    committee.refresh_from_db()
    committee.get_latest_revision().publish()
    assert search("kevin zabaleta")["count"] == 1


def test_related_changes_reach_dependent_documents(seeded, search):
    """An institution's new name reaches the commitments it leads; an axis's commitments and
    their reports follow a change of axis."""
    commitment = Commitment.objects.get(code="COCDI0001")
    institution = Institution.objects.get(slug="funcicar")
    commitment.lead_institution = institution
    commitment.save_revision().publish()
    institution.name = "Funcicar armadillo"
    institution.save_revision().publish()
    assert "COCDI0001" in " ".join(r["title"] for r in search("armadillo")["results"])

    axis = Axis.objects.create(plan=commitment.plan, name="Eje jaguar", slug="jaguar")
    Commitment.objects.filter(pk=commitment.pk).update(axis=axis)
    indexing.update_object(commitment)
    titles = [r["title"] for r in search("jaguar")["results"]]
    assert titles[0] == "Eje jaguar"  # the axis itself (its own kind), then its commitment
    assert titles[1].startswith("COCDI0001")
    assert SearchDocument.objects.filter(axis=axis, kind="compromiso").count() == 1
    assert SearchDocument.objects.filter(axis=axis, kind="informe").count() >= 1
    axis_id = axis.pk
    axis.delete()
    assert not SearchDocument.objects.filter(axis_id=axis_id).exists()
    assert search("jaguar")["count"] == 0  # the axis's name left the commitment's text

    institution.delete()
    assert search("armadillo")["count"] == 0  # nor does the deleted institution's name stay


def test_home_page_is_indexed(seeded):
    assert SearchDocument.objects.filter(
        kind="pagina", object_id=HomePage.objects.get().pk
    ).exists()
