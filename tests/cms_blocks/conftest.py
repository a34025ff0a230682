"""The extension's own suite: valid only under the test site's settings.

    pytest tests/cms_blocks --ds=tests.cms_blocks.testsite.settings

(``make test`` runs it so, after the site's suite.) No seed of the micrositio: each test builds
the little content it needs with the factories (tests/factories), or takes ``content``, a
small plan built with them, below a ``TestPage`` that is the default Site's root. The test
database is the one migrations leave (tests/conftest.py loads the seed only for a site with
``home``).
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


@pytest.fixture
def home(db):
    """A live ``TestPage``, root of the default Site (at http://testserver/)."""
    from wagtail.models import Page, Site

    from tests.cms_blocks.testsite.factories import TestPageFactory

    page = TestPageFactory(parent=Page.get_first_root_node(), title="Inicio", slug="inicio")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": page},
    )
    Site.clear_site_root_paths_cache()
    return page


@pytest.fixture
def content(home):
    """A small plan, built with the factories: two axes, a lead and a coordinating
    institution, three live commitments (one per status) and a draft one, a committee of
    four members in three sectors, two reports, a closed consultation with reported results,
    co-creation figures, participant groups, and one initiative of each kind."""
    from cms_blocks.models import Initiative, Institution, Milestone, MonitorReport
    from tests import factories as f

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
    monitor = f.InstitutionFactory(name="Universidad Monitora", role=Institution.Role.ALLY)
    commitments = [
        f.CommitmentFactory(
            title="Presupuesto abierto",
            axis=axes[0],
            lead_institution=lead,
            supporting_actors=[coordinating],
            milestones=milestones(done, done),
        ),
        f.CommitmentFactory(
            title="Contratación abierta",
            axis=axes[0],
            lead_institution=coordinating,
            milestones=milestones(done, going, todo),
        ),
        f.CommitmentFactory(
            title="Cultura ciudadana", axis=axes[1], lead_institution=lead, milestones=[]
        ),
    ]
    draft_commitment = f.CommitmentFactory(title="Compromiso en borrador", draft=True)
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
    consultation = f.ConsultationFactory(title="Consulta de iniciativas")
    figures = [
        f.CoCreationFigureFactory(label="personas participantes", value=120),
        f.CoCreationFigureFactory(label="mesas de trabajo", value=12),
    ]
    groups = [f.ParticipantGroupFactory(name=n) for n in ("Jóvenes", "Academia")]
    initiatives = [
        f.InitiativeFactory(title=f"Iniciativa: {kind.label}", kind=kind)
        for kind in Initiative.Kind
    ]
    return SimpleNamespace(
        home=home,
        axes=axes,
        institutions=[lead, coordinating, monitor],
        lead=lead,
        coordinating=coordinating,
        monitor=monitor,
        commitments=commitments,
        draft_commitment=draft_commitment,
        committee=committee,
        members=members,
        reports=reports,
        consultation=consultation,
        figures=figures,
        groups=groups,
        initiatives=initiatives,
    )
