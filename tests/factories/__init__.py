"""Factories (factory_boy, wagtail-factories) for the extension's snippets and pages.

Each snippet factory builds a *published* snippet (saved, with a revision, live), the state
a public page reads. Traits give the other states a test needs:

- ``draft=True``: never published (``live=False``, one revision for the admin);
- ``unpublished=True``: published once, then unpublished.

Children of a cluster (a commitment's ``milestones``, a consultation's ``options``,
``supporting_actors``) are given as lists of unsaved instances (``MilestoneFactory.build()``),
a commitment's ``tags`` as a list of names: all are saved with their parent, as the admin
saves them, so a commitment's progress follows its milestones.

Usage: ``CommitmentFactory(milestones=[MilestoneFactory.build(status="completed")])``,
``MonitorReportFactory(draft=True)``, ``TestPageFactory(parent=home, body=stream(...))``.
"""

from .pages import PageFactory, publish_page, stream  # noqa: F401
from .snippets import (  # noqa: F401
    DEFAULT_PLAN_SLUG,
    ActionPlanFactory,
    AxisFactory,
    CoCreationFigureFactory,
    CommitmentFactory,
    CommitteeFactory,
    CommitteeMemberFactory,
    ConsultationFactory,
    ConsultationOptionFactory,
    DocumentFactory,
    InitiativeFactory,
    InstitutionFactory,
    MilestoneFactory,
    MonitorReportFactory,
    ParticipantGroupFactory,
    default_plan,
    translate,
    translate_commitment,
)
