"""Loads the seed content as published pages and snippets. Idempotent: what exists is kept."""

import json
import uuid

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Page, Site

from cms_blocks.models import (
    ActionPlan,
    Axis,
    CoCreationFigure,
    Commitment,
    Committee,
    CommitteeMember,
    Consultation,
    ConsultationOption,
    Initiative,
    Institution,
    Milestone,
    MonitorReport,
    ParticipantGroup,
)
from cms_blocks.public_urls import apply_public_url_to_site

from ..models import ActionPlanPage, ContentPage, EntitySettings, HomePage
from . import content as C

RETIRED_INITIATIVES_SLUG = "iniciativas-de-gobierno-abierto"
AXES_HEADING = "Ejes de trabajo"  # the heading earlier seeds put above the typed axes

VALUE_FIELDS = {
    "access_to_information": "value_access_to_information",
    "civic_participation": "value_civic_participation",
    "public_accountability": "value_public_accountability",
    "technology_innovation": "value_technology_innovation",
}


class SeedLoader:
    def __init__(self, log=print):
        self.log = log
        self.created = 0
        self.kept = 0

    # -- helpers --------------------------------------------------------------
    def _publish(self, obj):
        revision = obj.save_revision(log_action=True)
        revision.publish(log_action=True)
        return obj

    def _snippet(self, model, lookup, build):
        objects = model.objects
        if hasattr(objects, "source_language"):  # a translation is not the seeded object
            objects = objects.source_language()
        existing = objects.filter(**lookup).first()
        if existing is not None:
            self.kept += 1
            return existing
        obj = build()
        obj.live = False
        obj.save()
        self._publish(obj)
        obj.refresh_from_db()
        self.created += 1
        return obj

    def _step(self, number, total, label):
        self.log(f"[{number}/{total}] {label}")

    # -- the content ------------------------------------------------------------
    @transaction.atomic
    def run(self):
        steps = [
            ("Plan de acción", self.load_action_plan),
            ("Ejes de trabajo", self.load_axes),
            ("Instituciones", self.load_institutions),
            ("Cifras y grupos de la cocreación", self.load_cocreation),
            ("Comité Ciudadano de Seguimiento", self.load_committee),
            ("Compromisos e hitos", self.load_commitments),
            ("Consulta virtual", self.load_consultation),
            ("Informes del monitor", self.load_reports),
            ("Iniciativas, canales y plataformas", self.load_initiatives),
            ("Páginas del micrositio", self.load_pages),
            ("Datos de la entidad", self.load_entity),
        ]
        for number, (label, step) in enumerate(steps, start=1):
            self._step(number, len(steps), label)
            step()
        self.log(
            f"Listo: {self.created} elementos creados, {self.kept} ya existían y se conservaron."
        )
        return self.created, self.kept

    def load_action_plan(self):
        self.action_plan = self._snippet(
            ActionPlan, {"slug": C.ACTION_PLAN["slug"]}, lambda: ActionPlan(**C.ACTION_PLAN)
        )

    def load_axes(self):
        self.axes = {}
        for order, data in enumerate(C.AXES):
            axis, created = Axis.objects.get_or_create(
                plan=self.action_plan,
                slug=data["slug"],
                defaults={
                    "name": data["name"],
                    "description": data["description"],
                    "sort_order": order,
                },
            )
            self.created += created
            self.kept += not created
            self.axes[axis.slug] = axis

    def load_institutions(self):
        self.institutions = {}
        for order, data in enumerate(C.INSTITUTIONS):
            self.institutions[data["slug"]] = self._snippet(
                Institution,
                {"slug": data["slug"]},
                lambda data=data, order=order: Institution(sort_order=order, **data),
            )

    def load_cocreation(self):
        for order, (label, value, qualifier, description, source) in enumerate(
            C.COCREATION_FIGURES
        ):
            self._snippet(
                CoCreationFigure,
                {"plan": self.action_plan, "label": label},
                lambda label=label, value=value, qualifier=qualifier, description=description, source=source, order=order: (
                    CoCreationFigure(
                        plan=self.action_plan,
                        label=label,
                        value=value,
                        qualifier=qualifier,
                        description=description,
                        source=source,
                        sort_order=order,
                    )
                ),
            )
        for order, name in enumerate(C.PARTICIPANT_GROUPS):
            self._snippet(
                ParticipantGroup,
                {"plan": self.action_plan, "name": name},
                lambda name=name, order=order: ParticipantGroup(
                    plan=self.action_plan, name=name, sort_order=order, source=C.PLAN_SOURCE
                ),
            )

    def load_committee(self):
        self.committee = self._snippet(
            Committee,
            {"slug": C.COMMITTEE["slug"]},
            lambda: Committee(plan=self.action_plan, **C.COMMITTEE),
        )
        for order, (name, sector) in enumerate(C.COMMITTEE_MEMBERS):
            self._snippet(
                CommitteeMember,
                {"committee": self.committee, "name": name},
                lambda name=name, sector=sector, order=order: CommitteeMember(
                    committee=self.committee,
                    name=name,
                    sector=sector,
                    role="Integrante",
                    sort_order=order,
                    source=C.PLAN_SOURCE,
                ),
            )

    def load_commitments(self):
        self.commitments = {}
        for data in C.COMMITMENTS:
            self.commitments[data["slug"]] = self._snippet(
                Commitment, {"slug": data["slug"]}, lambda data=data: self._build_commitment(data)
            )

    def _build_commitment(self, data):
        commitment = Commitment(
            plan=self.action_plan,
            code=data["code"],
            title=data["title"],
            slug=data["slug"],
            summary=data["summary"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            problem=data["problem"],
            status_quo=data["status_quo"],
            source=data["source"],
            **data["monitor"],
            **{VALUE_FIELDS[v]: True for v in data["values"]},
        )
        commitment.supporting_actors = [self.institutions[s] for s in data["supporting"]]
        commitment.tags.add(*data["tags"])
        commitment.milestones = [
            Milestone(
                sort_order=order,
                title=title,
                status=status,
                expected_output="Ejemplo: el plan no publica los hitos de este compromiso.",
                is_illustrative=True,
            )
            for order, (title, status) in enumerate(data["milestones"])
        ]
        return commitment

    def load_consultation(self):
        data = C.CONSULTATION
        tz = timezone.get_default_timezone()

        def build():
            consultation = Consultation(
                plan=self.action_plan,
                title=data["title"],
                slug=data["slug"],
                question=data["question"],
                description=data["description"],
                opens_at=timezone.make_aware(data["opens_at"], tz),
                closes_at=timezone.make_aware(data["closes_at"], tz),
                max_choices=1,
                results_visibility=Consultation.ResultsVisibility.AFTER_CLOSE,
                reported_participants=data["reported_participants"],
                participants_qualifier=data["participants_qualifier"],
                results_summary=data["results_summary"],
                source=data["source"],
            )
            consultation.options = [
                ConsultationOption(
                    title=title,
                    description="Ilustrativa: el plan no publica el texto de las 12 iniciativas.",
                    reported_votes=votes,
                    is_illustrative=True,
                )
                for title, votes in data["options"]
            ]
            return consultation

        self.consultation = self._snippet(Consultation, {"slug": data["slug"]}, build)

    def load_reports(self):
        monitor = self.institutions["universidad-de-los-andes"]
        for data in C.MONITOR_REPORTS:
            data = dict(data)
            commitment = self.commitments.get(data.pop("commitment"))
            self._snippet(
                MonitorReport,
                {"slug": data["slug"]},
                lambda data=data, commitment=commitment: MonitorReport(
                    plan=self.action_plan,
                    monitor=monitor,
                    commitment=commitment,
                    external_url=C.OGP_MEMBER_URL,
                    **data,
                ),
            )

    def load_initiatives(self):
        for order, data in enumerate(C.INITIATIVES):
            self._snippet(
                Initiative,
                {"slug": data["slug"]},
                lambda data=data, order=order: Initiative(
                    sort_order=order, source=C.PLAN_SOURCE, **data
                ),
            )

    # -- pages --------------------------------------------------------------------
    def _block(self, block_type, value):
        return {"type": block_type, "value": value, "id": str(uuid.uuid4())}

    def _accordion(self, heading, items):
        return self._block(
            "accordion",
            {
                "heading": heading,
                "items": [{"question": q, "answer": a} for q, a in items],
                "open_first": False,
            },
        )

    def _add_page(self, parent, page):
        existing = parent.get_children().filter(slug=page.slug).first()
        if existing is not None:
            self.kept += 1
            return existing.specific
        parent.add_child(instance=page)
        self._publish(page)
        self.created += 1
        return page

    def load_pages(self):
        site = Site.objects.filter(is_default_site=True).first()
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            home = HomePage(
                title="Gobierno Abierto Cartagena de Indias",
                slug="inicio",
                motto="Juntos por la transparencia",
                intro=(
                    "El micrositio del Plan de Acción de Gobierno Abierto 2023 de la Alcaldía "
                    "Distrital de Cartagena de Indias, en el marco de OGP Local: sus compromisos, "
                    "la cocreación con la ciudadanía, el comité de seguimiento y el monitoreo "
                    "independiente."
                ),
                body=json.dumps(self._home_body()),
            )
            root.add_child(instance=home)
            self._publish(home)
            self.created += 1
            if site is None:
                site = Site.objects.create(
                    hostname="localhost",
                    port=80,
                    root_page=home,
                    is_default_site=True,
                    site_name="Gobierno Abierto Cartagena",
                )
            else:
                old_root = site.root_page
                site.root_page = home
                site.site_name = "Gobierno Abierto Cartagena"
                site.save()
                # Wagtail's placeholder welcome page, never edited by staff.
                if old_root.specific_class is Page and old_root.slug == "home":
                    old_root.delete()
        else:
            self.kept += 1
        # The Site's hostname and port: the configured public address (OGP_PUBLIC_URL).
        apply_public_url_to_site()
        self.home = home

        self.plan_page = self._add_page(
            home,
            ActionPlanPage(
                title=C.ACTION_PLAN["title"],
                slug="plan-de-accion-2023",
                show_in_menus=True,
                plan=self.action_plan,
                intro=C.ACTION_PLAN["intro"],
                body=json.dumps(self._plan_body()),
            ),
        )
        self._drop_typed_axes(self.plan_page)
        self._add_page(
            home,
            ContentPage(
                title="Cocreación y consulta virtual",
                slug="cocreacion",
                show_in_menus=True,
                intro="Cómo se construyó el plan con la ciudadanía: la fase presencial de cocreación y la consulta virtual.",
                body=json.dumps(self._cocreation_body()),
            ),
        )
        self._add_page(
            home,
            ContentPage(
                title="Comité Ciudadano de Seguimiento",
                slug="comite-ciudadano",
                show_in_menus=True,
                intro="En la fase de cocreación se realizaron 23 mesas participativas, en las que se seleccionaron democráticamente 12 ciudadanos que representan a diferentes sectores de la ciudad.",
                body=json.dumps(
                    [
                        self._block(
                            "committee_roster",
                            {"heading": "Integrantes", "committee": self.committee.pk},
                        )
                    ]
                ),
            ),
        )
        self._add_page(
            home,
            ContentPage(
                title="Monitoreo independiente",
                slug="monitoreo",
                show_in_menus=True,
                intro="La Universidad de los Andes, con un equipo de su Escuela de Gobierno, es el organismo de monitoreo independiente del plan.",
                body=json.dumps(self._monitoring_body()),
            ),
        )
        # The initiatives are listed once, at cms_blocks' /iniciativas/ (docs/decisions.md).
        self._retire_initiatives_page(home)

        self._add_page(
            home,
            ContentPage(
                title=C.DATA_POLICY["title"],
                slug=C.DATA_POLICY["slug"],
                show_in_menus=False,
                intro=C.DATA_POLICY["intro"],
                body=json.dumps([self._block("paragraph", C.DATA_POLICY["body"])]),
            ),
        )

    # -- updates of databases seeded by an earlier version ---------------------------
    def _drop_typed_axes(self, plan):
        """Stop typing the axes in an existing plan page's body.

        Earlier seeds wrote the three axes into the plan's body (a paragraph under «Ejes de
        trabajo», and a list in the answer on mid-term goals) as well as into ``Axis``; the
        page now lists the ``Axis`` rows. Only a page without a pending draft is touched,
        and only while the typed axes are there, so a second run changes nothing.
        """
        names = [axis["name"] for axis in C.AXES]
        answers = dict(C.VISION_QA)

        def types_the_axes(html):
            text = strip_tags(str(html))
            return all(name in text for name in names)

        blocks = list(plan.body.raw_data)
        keep, changed = [], False
        for block in blocks:
            if block["type"] == "paragraph" and types_the_axes(block["value"]):
                heading = keep[-1] if keep else {"type": None}
                if heading["type"] == "heading" and heading["value"].get("text") == AXES_HEADING:
                    keep.pop()
                changed = True
                continue
            if block["type"] == "accordion":
                for item in block["value"].get("items", []):
                    qa = item["value"] if "type" in item and "value" in item else item
                    new_answer = answers.get(qa.get("question"))
                    if new_answer and types_the_axes(qa.get("answer", "")):
                        qa["answer"] = new_answer
                        changed = True
            keep.append(block)
        if not changed or plan.has_unpublished_changes:
            return
        plan.body = json.dumps(keep)
        self._publish(plan)
        self.log("  El plan ya no repite los ejes de trabajo en su contenido.")

    def _retire_initiatives_page(self, home):
        """``/iniciativas-de-gobierno-abierto/`` repeated ``/iniciativas/``: remove the page an
        earlier seed created and redirect its address, permanently, to the list."""
        from wagtail.contrib.redirects.models import Redirect

        old = home.get_children().filter(slug=RETIRED_INITIATIVES_SLUG).first()
        if old is not None:
            old.delete()
            self.log(f"  Página /{RETIRED_INITIATIVES_SLUG}/ retirada (la lista es /iniciativas/).")
        # Created once; an administrator may change it afterwards (Ajustes › Redirecciones).
        Redirect.objects.get_or_create(
            old_path=Redirect.normalise_path(f"/{RETIRED_INITIATIVES_SLUG}/"),
            site=None,
            defaults={"redirect_link": reverse("cms_blocks:initiative_list"), "is_permanent": True},
        )

    def _home_body(self):
        return [
            self._block(
                "cocreation_figures", {"heading": "El plan en cifras", "show_groups": False}
            ),
            self._block(
                "commitment_list",
                {"heading": "Compromisos", "axis": "", "status": "", "institution": None},
            ),
            self._block(
                "call_to_action",
                {
                    "title": "Denuncie posibles hechos de corrupción",
                    "text": "La Alcaldía recibe denuncias por presuntos hechos de corrupción, de manera directa o anónima.",
                    "link_text": "Ir al Portal de Denuncias",
                    "page": None,
                    "url": "https://www.cartagena.gov.co/denuncia",
                },
            ),
            self._block(
                "monitor_reports",
                {"heading": "Informes del monitor independiente", "moment": "", "limit": 3},
            ),
        ]

    def _plan_body(self):
        return [
            self._block(
                "heading", {"text": "Desafíos, oportunidades y visión estratégica", "level": "h2"}
            ),
            self._accordion("", C.VISION_QA),
            # The axes of work are not typed here: the plan's template lists the Axis rows.
            self._block("institutions", {"heading": "Instituciones líderes", "role": "lead"}),
            self._accordion("Compromiso y coordinación", C.COORDINATION_QA),
            self._block(
                "timeline",
                {
                    "heading": "Etapas del plan",
                    "events": [
                        {"date_label": d, "title": t, "text": x} for d, t, x in C.PROCESS_TIMELINE
                    ],
                },
            ),
            self._block(
                "commitment_list",
                {"heading": "Compromisos", "axis": "", "status": "", "institution": None},
            ),
        ]

    def _cocreation_body(self):
        return [
            self._block(
                "cocreation_figures", {"heading": "La cocreación en cifras", "show_groups": True}
            ),
            self._block(
                "paragraph",
                "<p>Funcicar y el Programa Juntos por la Transparencia de USAID brindaron el acompañamiento técnico para la cocreación; Funcicar tuvo el papel de facilitador con la ciudadanía. Se priorizaron la sociedad civil organizada, la academia, los grupos poblacionales, el sector comunal (barrios de las 15 unidades comuneras de gobierno y 3 zonas rurales) y el sector político.</p>",
            ),
            self._block(
                "consultation_results",
                {
                    "heading": "Resultados de la consulta virtual",
                    "consultation": self.consultation.pk,
                },
            ),
        ]

    def _monitoring_body(self):
        return [
            self._block(
                "timeline",
                {
                    "heading": "Los tres momentos del monitoreo",
                    "events": [
                        {"date_label": d, "title": t, "text": x} for d, t, x in C.MONITOR_MOMENTS
                    ],
                },
            ),
            self._block(
                "monitor_reports", {"heading": "Informes publicados", "moment": "", "limit": None}
            ),
            self._block(
                "paragraph",
                "<p>Contacto del organismo de monitoreo: Camilo González, profesor de la Escuela de Gobierno, Universidad de los Andes.</p>",
            ),
        ]

    def load_entity(self):
        entity = EntitySettings.for_site(Site.objects.get(is_default_site=True))
        if entity.email:
            self.kept += 1
            return
        for field, value in C.ENTITY.items():
            setattr(entity, field, value)
        entity.save()
        self.created += 1
