"""The extension's own suite: valid only under the test site's settings.

    pytest tests/cms_blocks --ds=tests.cms_blocks.testsite.settings

(``make test`` runs it so, after the site's suite.) No seed of the micrositio (tests/conftest.py
loads it only for a site with ``home``): the test database gets ``build_content``, a small plan
built with the factories (tests/factories), once per session; ``content`` gives it to a test,
and a test builds whatever else it needs with the factories.
"""

import os
from types import SimpleNamespace

import pytest

SETTINGS = "tests.cms_blocks.testsite.settings"

if os.environ.get("DJANGO_SETTINGS_MODULE") != SETTINGS:
    raise pytest.UsageError(
        "tests/cms_blocks is the extension's own suite and runs only on its test site: "
        f"pytest tests/cms_blocks --ds={SETTINGS} (make test runs both suites)."
    )


def build_content():
    """A small plan, built with the factories, below a live ``TestPage`` that is the default
    Site's root: two axes, a lead and a coordinating institution and a monitor, three live
    commitments (all (illustrative), some and none of their milestones done) and a draft one,
    a committee of four members in three sectors, two reports, a closed consultation with
    illustrative results, co-creation figures (one from another source), participant groups,
    one initiative of each kind."""
    from wagtail.models import Page, Site

    from cms_blocks.models import Initiative, Institution, Milestone, MonitorReport
    from tests import factories as f
    from tests.cms_blocks.testsite.factories import TestPageFactory

    home = TestPageFactory(parent=Page.get_first_root_node(), title="Inicio", slug="inicio")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": home},
    )
    Site.clear_site_root_paths_cache()

    done, going, todo = (
        Milestone.Status.COMPLETED,
        Milestone.Status.IN_PROGRESS,
        Milestone.Status.NOT_STARTED,
    )

    def milestones(*statuses):
        return [f.MilestoneFactory.build(status=s) for s in statuses]

    axes = [f.AxisFactory(name="Transparencia"), f.AxisFactory(name="Prevención")]
    lead = f.InstitutionFactory(name="Secretaría de Transparencia", role=Institution.Role.LEAD)
    coordinating = f.InstitutionFactory(
        name="Secretaría de Planeación", role=Institution.Role.COORDINATING
    )
    monitor = f.InstitutionFactory(name="Universidad Monitora", role=Institution.Role.MONITOR)
    commitments = [
        f.CommitmentFactory(
            title="Presupuesto abierto",
            axis=axes[0],
            lead_institution=lead,
            supporting_actors=[coordinating],
            milestones=[
                f.MilestoneFactory.build(status=done, is_illustrative=True),
                f.MilestoneFactory.build(status=done, is_illustrative=True),
            ],
        ),
        f.CommitmentFactory(
            title="Contratación abierta",
            axis=axes[0],
            lead_institution=coordinating,
            supporting_actors=[monitor],
            tags=["contratación pública", "juntas de acción comunal"],
            value_civic_participation=True,
            monitor_verifiable=True,
            milestones=milestones(done, going, todo),
        ),
        f.CommitmentFactory(
            title="Cultura ciudadana", axis=axes[1], lead_institution=lead, milestones=[]
        ),
    ]
    draft_commitment = f.CommitmentFactory(
        title="Compromiso en borrador", axis=axes[1], lead_institution=lead, draft=True
    )
    committee = f.CommitteeFactory(name="Comité ciudadano de seguimiento")
    members = [
        f.CommitteeMemberFactory(committee=committee, name=name, sector=sector)
        for name, sector in [
            ("Ana Pérez", "Academia"),
            ("Luis Gómez", "Academia"),
            ("Marta Ruiz", "Sociedad civil"),
            ("Jorge Díaz", "Sector privado"),
        ]
    ]
    reports = [
        f.MonitorReportFactory(
            title="Informe inicial", monitor=monitor, moment=MonitorReport.Moment.COCREATION
        ),
        f.MonitorReportFactory(
            title="Informe final",
            monitor=monitor,
            moment=MonitorReport.Moment.RESULTS,
            commitment=commitments[0],
        ),
    ]
    consultation = f.ConsultationFactory(
        title="Consulta de iniciativas",
        options=[  # votes per option: illustrative, in decreasing order
            f.ConsultationOptionFactory.build(title=t, reported_votes=v, is_illustrative=True)
            for t, v in [("Datos abiertos", 40), ("Rendición de cuentas", 25), ("Veedurías", 5)]
        ],
    )
    plan_source = "Plan de acción de prueba"
    figures = [
        f.CoCreationFigureFactory(label="personas participantes", value=246, source=plan_source),
        f.CoCreationFigureFactory(label="mesas de trabajo", value=23, source=plan_source),
        f.CoCreationFigureFactory(
            label="propuestas ciudadanas",
            value=120,
            qualifier="más de",
            source="Comunicado de prensa de prueba",
        ),
    ]
    groups = [f.ParticipantGroupFactory(name=n) for n in ("Jóvenes", "Academia")]
    initiatives = [
        f.InitiativeFactory(title=f"Iniciativa: {kind.label}", kind=kind)
        for kind in Initiative.Kind
    ]
    return {
        "home": home,
        "plan": f.default_plan(),
        "axes": axes,
        "lead": lead,
        "coordinating": coordinating,
        "monitor": monitor,
        "institutions": [lead, coordinating, monitor],
        "commitments": commitments,
        "draft_commitment": draft_commitment,
        "committee": committee,
        "members": members,
        "reports": reports,
        "consultation": consultation,
        "figures": figures,
        "groups": groups,
        "initiatives": initiatives,
    }


_CONTENT = {}  # name: (model, pk) or [(model, pk), ...], for each test to fetch afresh


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the plan once per test database (each test's transaction is rolled back)."""
    with django_db_blocker.unblock():
        for name, value in build_content().items():
            if isinstance(value, list):
                _CONTENT[name] = [(type(obj), obj.pk) for obj in value]
            else:
                _CONTENT[name] = (type(value), value.pk)


def _fetch(ref):
    if isinstance(ref, list):
        return [_fetch(item) for item in ref]
    model, pk = ref
    return model._default_manager.get(pk=pk)


@pytest.fixture
def content(db):
    """The plan of ``build_content``, fetched afresh from the database for this test."""
    return SimpleNamespace(**{name: _fetch(ref) for name, ref in _CONTENT.items()})


@pytest.fixture
def home(content):
    """The live ``TestPage`` at the default Site's root (http://testserver/)."""
    return content.home


@pytest.fixture
def public_host(settings, content):
    """CMS_BLOCKS_PUBLIC_URL = tests.public_host.PUBLIC, written into the default Site (the
    test site's counterpart of tests/public_host.py, which needs the seed)."""
    from wagtail.models import Site

    from cms_blocks.public_urls import apply_public_url_to_site
    from tests.public_host import ADMIN, PUBLIC

    settings.CMS_BLOCKS_PUBLIC_URL = settings.WAGTAILAPI_BASE_URL = PUBLIC
    settings.WAGTAILADMIN_BASE_URL = ADMIN
    assert apply_public_url_to_site(PUBLIC)
    yield PUBLIC
    # The Site row goes back with the test's transaction; Wagtail's cached root paths do not.
    Site.clear_site_root_paths_cache()
