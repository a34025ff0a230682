"""Factories for the snippets of ``cms_blocks`` (see the package's docstring for the states)."""

import datetime as dt

import factory
import wagtail_factories
from django.conf import settings
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

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

LIVE, DRAFT, UNPUBLISHED = "live", "draft", "unpublished"


def default_locale():
    """The default Locale, created when the database has none (it was flushed)."""
    code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return Locale.objects.get_or_create(language_code=code)[0]


def apply_state(obj, state):
    """Give a saved snippet its publication state (LIVE, DRAFT or UNPUBLISHED)."""
    if state == DRAFT:
        type(obj).objects.filter(pk=obj.pk).update(live=False, has_unpublished_changes=True)
        obj.live, obj.has_unpublished_changes = False, True
        obj.save_revision()
        return
    obj.save_revision().publish()
    obj.refresh_from_db()  # publish() saved the revision's copy, not obj
    if state == UNPUBLISHED:
        obj.unpublish()
        obj.refresh_from_db()


class SnippetFactory(DjangoModelFactory):
    """Base of the editorial snippets' factories: saved with their cluster children, then
    published (or left as a draft, or unpublished: the ``draft`` / ``unpublished`` traits)."""

    class Meta:
        abstract = True

    class Params:
        draft = factory.Trait(publication_state=DRAFT)
        unpublished = factory.Trait(publication_state=UNPUBLISHED)

    publication_state = LIVE  # not a field: taken out before the snippet is built

    # Assigned before the first save (cluster children and parental many-to-many relations).
    _cluster_fields = ()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        state = kwargs.pop("publication_state")
        default_locale()  # a flushed database (transactional tests) has none
        obj = cls._build(model_class, *args, **kwargs)
        obj.save()
        apply_state(obj, state)
        return obj

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        kwargs.pop("publication_state", None)
        deferred = {name: kwargs.pop(name) for name in cls._cluster_fields if name in kwargs}
        tags = kwargs.pop("tags", None)
        obj = model_class(*args, **kwargs)
        for name, value in deferred.items():
            setattr(obj, name, value)
        if tags:
            obj.tags.add(*tags)  # a ClusterTaggableManager: saved with the object
        return obj


class DocumentFactory(wagtail_factories.DocumentFactory):
    title = factory.Sequence(lambda n: f"Documento {n}")
    file = factory.django.FileField(filename="documento.pdf", data=b"%PDF-1.4 prueba")


class ActionPlanFactory(SnippetFactory):
    class Meta:
        model = ActionPlan

    title = factory.Sequence(lambda n: f"Plan de acción de prueba {n}")
    slug = factory.Sequence(lambda n: f"plan-{n}")
    jurisdiction = "Ciudad de prueba"
    period_start = dt.date(2023, 1, 1)
    period_end = dt.date(2023, 12, 31)
    intro = "Un plan de acción de prueba."


DEFAULT_PLAN_SLUG = "plan-de-prueba"


def default_plan():
    """The plan every plan-scoped factory uses unless given another: one published plan,
    shared by the objects a test makes (a test of several plans passes ``plan=``); on a
    seeded site, its current plan."""
    plan = (
        ActionPlan.objects.filter(slug=DEFAULT_PLAN_SLUG).first()
        or ActionPlan.objects.live().current()
    )
    if plan is None:
        plan = ActionPlanFactory(slug=DEFAULT_PLAN_SLUG, title="Plan de prueba")
    return plan


class InstitutionFactory(SnippetFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Secretaría de prueba {n}")
    slug = factory.Sequence(lambda n: f"secretaria-{n}")
    role = Institution.Role.LEAD
    sort_order = factory.Sequence(int)


class AxisFactory(DjangoModelFactory):
    class Meta:
        model = Axis

    plan = factory.LazyFunction(default_plan)
    name = factory.Sequence(lambda n: f"Eje de prueba {n}")
    slug = factory.Sequence(lambda n: f"eje-{n}")
    sort_order = factory.Sequence(int)


class MilestoneFactory(DjangoModelFactory):
    """Build (unsaved) and give to ``CommitmentFactory(milestones=[...])``."""

    class Meta:
        model = Milestone

    title = factory.Sequence(lambda n: f"Hito {n}")
    expected_output = "Producto verificable"
    start_date = dt.date(2023, 2, 1)
    end_date = dt.date(2023, 11, 30)
    responsible = "Equipo del compromiso"
    status = Milestone.Status.NOT_STARTED
    # A child row's locale is its parent's; bulk_create sends no pre_save to set it.
    locale = factory.LazyFunction(lambda: default_locale())


def two_milestones():
    return [
        MilestoneFactory.build(status=Milestone.Status.COMPLETED),
        MilestoneFactory.build(status=Milestone.Status.IN_PROGRESS),
    ]


class CommitmentFactory(SnippetFactory):
    class Meta:
        model = Commitment

    _cluster_fields = ("milestones", "supporting_actors")

    plan = factory.LazyFunction(default_plan)
    code = factory.Sequence(lambda n: f"PRUEBA{n:04d}")
    title = factory.Sequence(lambda n: f"Compromiso de prueba {n}")
    slug = factory.Sequence(lambda n: f"compromiso-{n}")
    summary = factory.LazyAttribute(lambda o: f"Resumen de {o.title}")
    problem = "<p>Un problema público.</p>"
    description = "<p>Lo que hará el compromiso.</p>"
    axis = factory.SubFactory(AxisFactory, plan=factory.SelfAttribute("..plan"))
    lead_institution = factory.SubFactory(InstitutionFactory)
    value_access_to_information = True
    start_date = dt.date(2023, 1, 15)
    end_date = dt.date(2023, 12, 15)
    milestones = factory.LazyFunction(two_milestones)


class CommitteeFactory(SnippetFactory):
    class Meta:
        model = Committee

    plan = factory.LazyFunction(default_plan)
    name = factory.Sequence(lambda n: f"Comité de prueba {n}")
    slug = factory.Sequence(lambda n: f"comite-{n}")
    description = "Seguimiento ciudadano del plan."


class CommitteeMemberFactory(SnippetFactory):
    class Meta:
        model = CommitteeMember

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"Integrante {n}")
    sector = "Academia"
    sort_order = factory.Sequence(int)


class MonitorReportFactory(SnippetFactory):
    class Meta:
        model = MonitorReport

    plan = factory.LazyFunction(default_plan)
    title = factory.Sequence(lambda n: f"Informe de prueba {n}")
    slug = factory.Sequence(lambda n: f"informe-{n}")
    monitor = factory.SubFactory(InstitutionFactory, role=Institution.Role.ALLY)
    authors = "Equipo del monitor"
    moment = MonitorReport.Moment.COCREATION
    date = dt.date(2023, 6, 30)
    summary = "<p>Resumen del informe.</p>"


class ConsultationOptionFactory(DjangoModelFactory):
    """Build (unsaved) and give to ``ConsultationFactory(options=[...])``."""

    class Meta:
        model = ConsultationOption

    title = factory.Sequence(lambda n: f"Opción {n}")
    reported_votes = None


def closed_options():
    return [
        ConsultationOptionFactory.build(title="Opción A", reported_votes=30),
        ConsultationOptionFactory.build(title="Opción B", reported_votes=10),
    ]


class ConsultationFactory(SnippetFactory):
    """A closed consultation with two options and reported results, by default."""

    class Meta:
        model = Consultation

    _cluster_fields = ("options",)

    plan = factory.LazyFunction(default_plan)
    title = factory.Sequence(lambda n: f"Consulta de prueba {n}")
    slug = factory.Sequence(lambda n: f"consulta-{n}")
    question = "¿Qué iniciativa prefiere?"
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=3))
    options = factory.LazyFunction(closed_options)


class ParticipantGroupFactory(SnippetFactory):
    class Meta:
        model = ParticipantGroup

    plan = factory.LazyFunction(default_plan)
    name = factory.Sequence(lambda n: f"Grupo {n}")
    sort_order = factory.Sequence(int)


class CoCreationFigureFactory(SnippetFactory):
    class Meta:
        model = CoCreationFigure

    plan = factory.LazyFunction(default_plan)
    label = factory.Sequence(lambda n: f"cifra {n}")
    value = 10
    sort_order = factory.Sequence(int)


class InitiativeFactory(SnippetFactory):
    class Meta:
        model = Initiative

    title = factory.Sequence(lambda n: f"Iniciativa {n}")
    slug = factory.Sequence(lambda n: f"iniciativa-{n}")
    kind = Initiative.Kind.INITIATIVE
    summary = "Una iniciativa anterior al plan."


def translate(obj, locale, live=True, **text):
    """The translation of ``obj`` into ``locale`` (Wagtail's copy for translation, child rows
    too) with ``text`` set, published (``live``) or a draft, saved as wagtail-localize does."""
    copy = obj.copy_for_translation(locale)
    for name, value in text.items():
        setattr(copy, name, value)
    copy.live = live
    copy.save()
    return copy


def translate_commitment(commitment, locale, title):
    """A published translation of ``commitment``: ``title``, a summary and each milestone's
    title («EN …»)."""
    copy = commitment.copy_for_translation(locale)
    copy.title = title
    copy.summary = f"{title}: summary"
    for milestone in copy.milestones.all():
        milestone.title = f"EN {milestone.title}"
    copy.live = True
    copy.save()
    return copy
