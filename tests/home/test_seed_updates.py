"""Facts held once: the plan page lists the axes from the Axis rows, and the initiatives have
one list (/iniciativas/), the old page's address redirecting to it. The seed loader brings a
database seeded by an earlier version to this state, and a second run changes nothing."""

import json
import re

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from cms_blocks.models import Axis
from home.models import ActionPlanPage, ContentPage, HomePage
from home.seed import content as C
from home.seed.loader import RETIRED_INITIATIVES_SLUG, SeedLoader

OLD_URL = f"/{RETIRED_INITIATIVES_SLUG}/"
GOALS_QUESTION = (
    "¿Cuáles son las metas de gobierno abierto a mediano plazo que el gobierno quiere lograr?"
)


def run_seed():
    return SeedLoader(log=lambda message: None).run()


def axes_section(html):
    start = html.index('aria-labelledby="ejes-de-trabajo"')
    return html[start : html.index("</section>", start)]


def typed_axes():
    return "<ul>" + "".join(f"<li><b>{a['name']}:</b> {a['description']}</li>" for a in C.AXES)


def test_plan_page_lists_the_axes_from_the_axis_rows(client, seeded):
    plan = ActionPlanPage.objects.get()
    html = client.get(plan.url).content.decode()
    section = axes_section(html)
    axes = list(Axis.objects.all())
    assert len(axes) == 3
    for axis in axes:
        assert axis.name in section
        assert f"?eje={axis.slug}" in section  # each axis leads to its commitments
        # Written once on the page: the body does not type the axes again.
        assert html.count(axis.description) == 1, axis.description

    axis = axes[2]
    axis.name = "Prevención de la corrupción y del soborno"
    axis.description = "Una descripción que un administrador cambió."
    axis.save()
    section = axes_section(client.get(plan.url).content.decode())
    assert "Prevención de la corrupción y del soborno" in section
    assert "Una descripción que un administrador cambió." in section


def test_the_seed_does_not_type_the_axes_in_the_plan_body():
    loader = SeedLoader(log=lambda message: None)
    body = json.dumps(loader._plan_body(), ensure_ascii=False)
    for axis in C.AXES:
        assert axis["description"] not in body
    assert "Ejes de trabajo" not in body.replace("«Ejes de trabajo»", "")


def test_seed_loader_removes_the_typed_axes_from_an_existing_plan_once(seeded):
    plan = ActionPlanPage.objects.get()
    old_answer = (
        "<p>Las metas de gobierno abierto de este gobierno se encuentran concentradas en los "
        f"siguientes ejes de trabajo:</p>{typed_axes()}</ul><p>En este contexto…</p>"
    )
    old_body = []
    for block in plan.body.raw_data:
        block = json.loads(json.dumps(block))
        if block["type"] == "accordion":
            for item in block["value"]["items"]:
                qa = item.get("value", item)
                if qa["question"] == GOALS_QUESTION:
                    qa["answer"] = old_answer
        old_body.append(block)
    old_body[2:2] = [
        {"type": "heading", "value": {"text": "Ejes de trabajo", "level": "h2"}, "id": "h"},
        {"type": "paragraph", "value": typed_axes() + "</ul>", "id": "p"},
    ]
    plan.body = json.dumps(old_body)
    plan.save_revision().publish()
    plan = ActionPlanPage.objects.get()
    assert any(b["type"] == "paragraph" for b in plan.body.raw_data)
    revisions = plan.revisions.count()

    run_seed()
    plan = ActionPlanPage.objects.get()
    stored = json.dumps(list(plan.body.raw_data), ensure_ascii=False)
    for axis in C.AXES:
        assert axis["description"] not in stored
    assert '"Ejes de trabajo"' not in stored
    assert "esta página presenta en «Ejes de trabajo»" in stored
    assert plan.revisions.count() == revisions + 1 and plan.live
    assert not plan.has_unpublished_changes

    run_seed()  # idempotent
    assert ActionPlanPage.objects.get().revisions.count() == revisions + 1


def test_the_old_initiatives_address_redirects_permanently_to_the_list(client, seeded):
    assert not Page.objects.filter(slug=RETIRED_INITIATIVES_SLUG).exists()
    response = client.get(OLD_URL)
    assert response.status_code == 301
    assert response["Location"] == "/iniciativas/"
    assert client.get("/iniciativas/").status_code == 200


def test_sitemap_and_menu_point_to_the_kept_list(client, seeded):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert re.search(r"<loc>[^<]*/iniciativas/</loc>", sitemap)
    assert RETIRED_INITIATIVES_SLUG not in sitemap
    html = client.get("/iniciativas/").content.decode()
    nav = html[html.index('<nav class="main-nav"') :]
    nav = nav[: nav.index("</nav>")]
    assert '<a href="/iniciativas/" aria-current="page">Iniciativas</a>' in nav
    assert RETIRED_INITIATIVES_SLUG not in nav


def test_seed_loader_retires_an_existing_initiatives_page_once(client, seeded):
    Redirect.objects.all().delete()
    home = HomePage.objects.get()
    old = ContentPage(
        title="Iniciativas de gobierno abierto", slug=RETIRED_INITIATIVES_SLUG, show_in_menus=True
    )
    home.add_child(instance=old)
    old.save_revision().publish()
    assert client.get(OLD_URL).status_code == 200  # the duplicate list, as before

    run_seed()
    assert not Page.objects.filter(slug=RETIRED_INITIATIVES_SLUG).exists()
    response = client.get(OLD_URL)
    assert (response.status_code, response["Location"]) == (301, "/iniciativas/")

    run_seed()  # idempotent
    assert Redirect.objects.filter(old_path=OLD_URL.rstrip("/")).count() == 1
