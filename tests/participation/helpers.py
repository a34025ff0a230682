"""Helpers shared by the participation tests (and the browser tests)."""

import datetime as dt
import re

from django.core import mail
from django.utils import timezone

from cms_blocks.models import Consultation
from tests.factories import ConsultationFactory, ConsultationOptionFactory

LINK_RE = re.compile(r"https?://\S+/consultas/[\w-]+/votar/[^/\s]+/")


def make_consultation(
    slug="consulta-abierta",
    options=("Parque lineal", "Biblioteca barrial", "Ciclorruta"),
    max_choices=1,
    opens_delta=dt.timedelta(days=-1),
    closes_delta=dt.timedelta(days=6),
    visibility=Consultation.ResultsVisibility.LIVE,
    reported=None,
):
    now = timezone.now()
    reported = reported or [None] * len(options)
    consultation = ConsultationFactory(
        title=f"Consulta de prueba {slug}",
        slug=slug,
        question="¿Qué proyecto prefiere para su barrio?",
        opens_at=now + opens_delta,
        closes_at=now + closes_delta,
        max_choices=max_choices,
        results_visibility=visibility,
        options=[
            ConsultationOptionFactory.build(
                title=title, description=f"Descripción de {title}.", reported_votes=votes
            )
            for title, votes in zip(options, reported, strict=True)
        ],
    )
    return Consultation.objects.prefetch_related("options").get(pk=consultation.pk)


def vote_links():
    links = []
    for message in mail.outbox:
        links.extend(LINK_RE.findall(message.body))
    return links


def last_vote_link():
    links = vote_links()
    assert links, "no se envió ningún enlace para votar"
    return links[-1]


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def recorded_ballots():
    """Ballots stored, counted or still sealed (the ballot box counts them in batches)."""
    from participation.models import Ballot, PendingBallot

    return Ballot.objects.count() + PendingBallot.objects.count()


def sealed_choices():
    """The option ids of every pending ballot, opened as the ballot box would (sorted)."""
    from participation.ballot_box import open_sealed
    from participation.models import PendingBallot

    return sorted(open_sealed(p.consultation_id, p.sealed) for p in PendingBallot.objects.all())


def close(consultation):
    """Move a consultation's closing time into the past; return it fresh from the database."""
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - dt.timedelta(seconds=1)
    )
    return Consultation.objects.prefetch_related("options").get(pk=consultation.pk)
