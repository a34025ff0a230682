"""No database link between who voted and what they chose."""

import uuid

import pytest
from django.db import connection, models
from django.urls import reverse

from participation.models import Ballot, BallotChoice, PendingBallot, VoterRecord

from .helpers import close, last_vote_link, make_consultation, path_of

VOTER_SIDE = {VoterRecord}
BALLOT_SIDE = {Ballot, BallotChoice, PendingBallot}
TIME_FIELDS = (models.DateField, models.DateTimeField, models.TimeField, models.DurationField)


def related_models(model):
    return {f.related_model for f in model._meta.get_fields() if f.is_relation and f.related_model}


@pytest.mark.parametrize("model", [VoterRecord, Ballot, BallotChoice, PendingBallot])
def test_no_timestamp_and_random_primary_key(model):
    fields = model._meta.get_fields(include_hidden=True)
    assert not [f.name for f in fields if isinstance(f, TIME_FIELDS)]
    assert isinstance(model._meta.pk, models.UUIDField)
    assert model._meta.pk.default is uuid.uuid4


def test_no_relation_between_the_two_sides():
    for voter_model in VOTER_SIDE:
        assert not related_models(voter_model) & BALLOT_SIDE
    for ballot_model in BALLOT_SIDE:
        assert not related_models(ballot_model) & VOTER_SIDE
    # The only thing both sides share is the consultation they belong to.
    voter_columns = {f.column for f in VoterRecord._meta.concrete_fields}
    for ballot_model in BALLOT_SIDE:
        shared = voter_columns & {f.column for f in ballot_model._meta.concrete_fields}
        assert shared <= {"id", "consultation_id"}


@pytest.mark.django_db
def test_ballot_tables_have_no_column_that_identifies_the_voter():
    """Read the real tables: a ballot is a random id, a consultation and the chosen options."""
    with connection.cursor() as cursor:
        ballot = {
            c.name
            for c in connection.introspection.get_table_description(cursor, Ballot._meta.db_table)
        }
        choice = {
            c.name
            for c in connection.introspection.get_table_description(
                cursor, BallotChoice._meta.db_table
            )
        }
        voter = {
            c.name
            for c in connection.introspection.get_table_description(
                cursor, VoterRecord._meta.db_table
            )
        }
        pending = {
            c.name
            for c in connection.introspection.get_table_description(
                cursor, PendingBallot._meta.db_table
            )
        }
    assert ballot == {"id", "consultation_id"}
    assert pending == {"id", "consultation_id", "sealed"}
    assert choice == {"id", "ballot_id", "option_id"}
    assert voter == {"id", "consultation_id", "email_digest", "document_digest"}


@pytest.mark.django_db
def test_ballot_ids_are_unrelated_to_voter_ids(client):
    """After several votes, no id of one side appears on the other side."""
    consultation = make_consultation(slug="secreto")
    options = [o.pk for o in consultation.options.all()]
    for n in range(4):
        client.post(
            reverse("participation:vote_request", args=[consultation.slug]),
            {"email": f"p{n}@example.org", "consent": "on"},
        )
        client.post(path_of(last_vote_link()), {"opciones": [str(options[n % 3])]})
    close(consultation).get_results()  # closing counts the sealed ballots
    voter_values = set()
    for record in VoterRecord.objects.all():
        voter_values |= {str(getattr(record, f.attname)) for f in VoterRecord._meta.concrete_fields}
    ballot_values = set()
    for model in BALLOT_SIDE:
        for row in model.objects.all():
            ballot_values |= {str(getattr(row, f.attname)) for f in model._meta.concrete_fields}
    assert Ballot.objects.count() == VoterRecord.objects.count() == 4
    assert voter_values & ballot_values == {str(consultation.pk)}
