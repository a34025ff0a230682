"""Every page type: routable, renderable, editable, previewable and creatable in the admin."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms_blocks.models import ActionPlan, Commitment, Committee, CommitteeMember
from home.models import ActionPlanPage, ContentPage, HomePage
from tests.factories import ActionPlanFactory

from .form_helpers import edit_form_data


def body_with_commitment_and_roster():
    commitment = Commitment.objects.live().get(code="COCDI0001")
    committee = Committee.objects.live().get()
    return (
        commitment,
        committee,
        streamfield(
            [
                ("heading", {"text": "Seguimiento ciudadano", "level": "h2"}),
                ("commitment", {"commitment": commitment.pk, "show_milestones": "on"}),
                (
                    "committee_roster",
                    {"heading": "Quiénes hacen seguimiento", "committee": committee.pk},
                ),
            ]
        ),
    )


def without_ids(stream):
    def strip(data):
        if isinstance(data, dict):
            return {k: strip(v) for k, v in data.items() if k != "id"}
        if isinstance(data, list):
            return [strip(item) for item in data]
        if isinstance(data, str):  # the rich text editor adds block keys
            return re.sub(r' data-block-key="[^"]*"', "", data)
        return data

    return strip(stream.get_prep_value())


class SeededPageTests(WagtailPageTestCase):
    """The session's seed (tests/conftest.py, django_db_setup) is visible inside TestCase too."""

    def setUp(self):
        self.home = HomePage.objects.get()
        self.plan = ActionPlanPage.objects.get(slug="plan-de-accion-2023")
        self.roster_page = ContentPage.objects.get(slug="comite-ciudadano")
        self.cocreation_page = ContentPage.objects.get(slug="cocreacion")

    def pages(self):
        return [self.home, self.plan, self.roster_page, self.cocreation_page]

    def test_seed_is_present_in_testcase(self):
        self.assertTrue(self.home.live)
        self.assertEqual(Commitment.objects.live().count(), 2)
        self.assertEqual(CommitteeMember.objects.live().count(), 12)

    def test_pages_are_routable(self):
        for page in self.pages():
            with self.subTest(page=page.slug):
                self.assertPageIsRoutable(page)

    def test_pages_are_renderable(self):
        for page in self.pages():
            with self.subTest(page=page.slug):
                self.assertPageIsRenderable(page)

    def test_pages_are_editable(self):
        user = self.create_superuser("editor-de-prueba")
        for page in self.pages():
            with self.subTest(page=page.slug):
                self.client.force_login(user)
                data = edit_form_data(self.client, page)
                self.assertPageIsEditable(page, post_data=data)
                # The unchanged form is valid: saving a draft redirects back to the editor.
                self.client.force_login(user)
                response = self.client.post(f"/admin/pages/{page.pk}/edit/", data)
                self.assertEqual(
                    response.status_code,
                    302,
                    getattr(response, "context", None)
                    and response.context.get("form")
                    and response.context["form"].errors,
                )
                fresh = Page.objects.get(pk=page.pk).specific
                self.assertNotEqual(fresh.latest_revision_id, page.latest_revision_id)
                draft = fresh.get_latest_revision_as_object()
                self.assertEqual(without_ids(draft.body), without_ids(page.body))
                self.assertGreater(len(page.body), 0)

    def test_pages_are_previewable(self):
        user = self.create_superuser("revisor-de-prueba")
        for page in self.pages():
            with self.subTest(page=page.slug):
                self.client.force_login(user)
                self.assertPageIsPreviewable(page, post_data=edit_form_data(self.client, page))

    def test_rendered_pages_show_their_content(self):
        response = self.client.get(self.home.url)
        self.assertContains(response, "<h1>Gobierno Abierto Cartagena de Indias</h1>", html=True)
        self.assertContains(response, "246")  # co-creation figures block
        response = self.client.get(self.plan.url)
        self.assertContains(response, "Cartagena de Indias, Colombia")
        # Spanish dates in lower case (Django's es_CO catalogue capitalises month names).
        self.assertContains(response, "<dd>Enero de 2023 – diciembre de 2023</dd>", html=True)
        self.assertContains(response, "<dd>30 de noviembre de 2022")
        self.assertContains(response, "OGP registra el 29 de noviembre de 2022.")
        self.assertContains(response, "Prólogo")
        response = self.client.get(self.roster_page.url)
        self.assertContains(response, "12 integrantes")
        self.assertContains(response, 'aria-label="Ruta de navegación"')  # breadcrumbs

    def test_where_pages_can_be_created(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanCreateAt(HomePage, ActionPlanPage)
        self.assertCanCreateAt(HomePage, ContentPage)
        self.assertCanCreateAt(ContentPage, ContentPage)
        self.assertCanCreateAt(ActionPlanPage, ContentPage)
        self.assertCanNotCreateAt(ContentPage, ActionPlanPage)
        self.assertCanNotCreateAt(ContentPage, HomePage)
        self.assertCanNotCreateAt(ActionPlanPage, ActionPlanPage)
        self.assertCanNotCreateAt(HomePage, HomePage)


class CreatePagesTests(WagtailPageTestCase):
    def setUp(self):
        self.login()
        self.home = HomePage.objects.get()

    def assert_body_rendered(self, page, commitment, committee):
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, commitment.title)
        self.assertContains(response, "Quiénes hacen seguimiento")
        for member in CommitteeMember.objects.live().filter(committee=committee):
            self.assertContains(response, member.name)

    def test_can_create_content_page(self):
        commitment, committee, body = body_with_commitment_and_roster()
        self.assertCanCreate(
            self.home,
            ContentPage,
            nested_form_data(
                {
                    "title": "Seguimiento 2023",
                    "slug": "seguimiento-2023",
                    "intro": "Una página nueva.",
                    "body": body,
                }
            ),
        )
        page = ContentPage.objects.get(slug="seguimiento-2023")
        self.assertTrue(page.live)
        self.assertEqual(
            [b.block_type for b in page.body], ["heading", "commitment", "committee_roster"]
        )
        self.assert_body_rendered(page, commitment, committee)

    def test_can_create_action_plan_page(self):
        commitment, committee, body = body_with_commitment_and_roster()
        plan = ActionPlanFactory(
            title="Plan de Acción 2025",
            slug="2025",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 12, 31),
            motto="Un lema",
            prologue="<p>Un prólogo de prueba.</p>",
        )
        self.assertCanCreate(
            self.home,
            ActionPlanPage,
            nested_form_data(
                {
                    "title": "Plan de Acción 2025",
                    "slug": "plan-2025",
                    "plan": plan.pk,
                    "intro": "",
                    "body": body,
                }
            ),
        )
        page = ActionPlanPage.objects.get(slug="plan-2025")
        self.assertEqual(page.plan, plan)
        html = self.client.get(page.url).content.decode()
        self.assertIn("Un prólogo de prueba.", html)  # the plan's metadata, shown by its page
        self.assertIn("Un lema", html)
        self.assert_body_rendered(page, commitment, committee)

    def test_an_action_plan_page_needs_its_plan_in_spanish(self):
        add_url = f"/admin/pages/add/home/actionplanpage/{self.home.pk}/"
        data = nested_form_data(
            {"title": "Plan sin plan", "slug": "plan-sin-plan", "body": streamfield([])}
        )
        response = self.client.post(add_url, data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ActionPlanPage.objects.filter(slug="plan-sin-plan").exists())
        self.assertIn("plan", response.context["form"].errors)
        self.assertContains(response, "Plan sin plan")  # what was typed is kept

    def test_action_plan_period_end_before_start_is_rejected_in_spanish(self):
        plan = ActionPlan(
            title="Plan con fechas al revés",
            slug="al-reves",
            jurisdiction="Cartagena de Indias",
            period_start=dt.date(2025, 12, 31),
            period_end=dt.date(2025, 1, 1),
        )
        with self.assertRaises(ValidationError) as error:
            plan.full_clean()
        self.assertEqual(
            error.exception.message_dict["period_end"],
            ["El fin del periodo no puede ser anterior al inicio."],
        )

    def test_can_create_home_page(self):
        # HomePage goes under a plain Page (one per parent); the site's root already has one.
        root = Page.get_first_root_node()
        self.assertCanNotCreateAt(HomePage, HomePage)
        parent = root.add_child(instance=Page(title="Otro sitio", slug="otro-sitio"))
        commitment, committee, body = body_with_commitment_and_roster()
        self.assertCanCreate(
            parent,
            HomePage,
            nested_form_data(
                {
                    "title": "Inicio alterno",
                    "slug": "inicio-alterno",
                    "motto": "Lema",
                    "intro": "",
                    "body": body,
                }
            ),
        )
        page = HomePage.objects.get(slug="inicio-alterno")
        self.assertEqual(page.get_parent().pk, parent.pk)
        # It is the root of its own site.
        Site.objects.create(hostname="otro.test", port=80, root_page=page)
        response = self.client.get("/", HTTP_HOST="otro.test")
        self.assertContains(response, "Inicio alterno")
        self.assertContains(response, commitment.title)
        self.assertPageIsPreviewable(page, post_data=edit_form_data(self.client, page))

    def test_image_block_without_alt_text_is_rejected(self):
        from wagtail.images import get_image_model
        from wagtail.images.tests.utils import get_test_image_file

        image = get_image_model().objects.create(title="Foto", file=get_test_image_file())
        add_url = f"/admin/pages/add/home/contentpage/{self.home.pk}/"
        data = nested_form_data(
            {
                "title": "Página con imagen",
                "slug": "pagina-con-imagen",
                "body": streamfield(
                    [("image", {"image": image.pk, "alt_text": "", "caption": "", "credit": ""})]
                ),
            }
        )
        response = self.client.post(add_url, data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ContentPage.objects.filter(slug="pagina-con-imagen").exists())
        self.assertIn("body", response.context["form"].errors)
