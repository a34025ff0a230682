"""The secret ballot against someone who reads the database: pair voters and ballots as the
security probe did (SQLite rowids; PostgreSQL ctid and xmin) and fail.

These tests commit every vote in its own transaction (``transactional_db``), as production does,
so that PostgreSQL's xmin is that of the vote, not one shared test transaction.
"""

import logging

import pytest
from django.db import connection

from cms_blocks.models import Consultation
from participation import ballot_box
from participation.models import Ballot, BallotChoice, PendingBallot, VoterRecord
from participation.voting import VoteLink, cast_vote, email_digest, options_with_votes

from .helpers import close, make_consultation

N_VOTERS = 12


def many_options_consultation(slug="probe", n=N_VOTERS):
    return make_consultation(
        slug=slug,
        options=tuple(f"Opción {i:02d}" for i in range(n)),
        visibility=Consultation.ResultsVisibility.LIVE,
    )


def cast(consultation, n, option_id):
    email = f"votante{n}@example.org"
    link = VoteLink(consultation.pk, email_digest(consultation.pk, email), None)
    cast_vote(consultation, link, [option_id])
    return link.email_digest


def vote_all(consultation):
    """Voter i chooses option i: a correct pairing is then easy to recognise."""
    truth = {}
    for n, option in enumerate(consultation.options.all()):
        truth[cast(consultation, n, option.pk)] = option.pk
    return truth


def storage_order(table, column, key):
    """(key, column) of a table's rows, in the order the database stored them."""
    order = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {key}, {column} FROM {table} ORDER BY {order}")  # noqa: S608
        return cursor.fetchall()


def ballots_in_storage_order():
    """[option id] of each counted ballot, in its storage order (rowid or ctid)."""
    order = "b.rowid" if connection.vendor == "sqlite" else "b.ctid"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.option_id FROM participation_ballot b "
            "JOIN participation_ballotchoice c ON c.ballot_id = b.id "
            f"ORDER BY {order}"  # noqa: S608
        )
        return [row[0] for row in cursor.fetchall()]


def voters_in_storage_order():
    return [d for _pk, d in storage_order("participation_voterrecord", "email_digest", "id")]


def probe_pairs(truth):
    """The probe's attack: the n-th voter stored goes with the n-th ballot stored."""
    pairs = list(zip(voters_in_storage_order(), ballots_in_storage_order(), strict=True))
    return sum(truth[digest] == option for digest, option in pairs)


@pytest.fixture
def reversed_shuffle(monkeypatch):
    """Make the ballot box's shuffle a known permutation (reverse), to see that it decides."""
    monkeypatch.setattr(ballot_box._random, "shuffle", lambda items: items.reverse())


@pytest.mark.django_db(transaction=True)
def test_storage_order_of_counted_ballots_is_the_shuffle_not_arrival(reversed_shuffle):
    consultation = many_options_consultation()
    truth = vote_all(consultation)
    assert Ballot.objects.count() == 0  # 12 < 2 × 10 pending: nothing is counted while open
    close(consultation).get_results()
    assert Ballot.objects.count() == N_VOTERS and PendingBallot.objects.count() == 0
    # Arrival order reversed in storage: the probe's pairing gets not one ballot right.
    assert ballots_in_storage_order() == list(reversed(list(truth.values())))
    assert probe_pairs(truth) == 0


@pytest.mark.django_db(transaction=True)
def test_probe_cannot_pair_voters_with_ballots_by_storage_order():
    """With the real (system) shuffle: the chance that all 12 pair up is 1 in 12! (≈ 2 × 10⁻⁹)."""
    consultation = many_options_consultation()
    truth = vote_all(consultation)
    results = {o.pk: v for o, v in close(consultation).get_results()}
    assert results == dict.fromkeys(truth.values(), 1)  # exact: every ballot counted once
    assert probe_pairs(truth) < N_VOTERS


@pytest.mark.django_db(transaction=True)
def test_pending_ballots_pair_with_voters_but_say_nothing(settings):
    """Written with the VoterRecord (same transaction), a pending ballot is only a ciphertext."""
    consultation = many_options_consultation()
    vote_all(consultation)
    sealed = [bytes(s) for _pk, s in storage_order("participation_pendingballot", "sealed", "id")]
    assert len(sealed) == N_VOTERS
    assert len(set(sealed)) == N_VOTERS  # no two alike, though every vote chose one option
    assert len({len(s) for s in sealed}) == 1  # one length, whatever was chosen
    two = ballot_box.seal(consultation.pk, [1, 2])
    assert len(two) == len(sealed[0])
    # Without the application's key the database reader cannot open them.
    settings.SECRET_KEY = "otra-clave-que-no-es-la-del-sitio-" * 2
    settings.OGP_VOTER_HASH_KEY = ""
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(ballot_box.BallotUnreadable):
        ballot_box.open_sealed(consultation.pk, sealed[0])


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_xmin_pairs_no_voter_with_a_ballot():
    """Each vote commits its own transaction; a batch of ballots shares one, later, xmin."""
    consultation = many_options_consultation()
    truth = vote_all(consultation)
    close(consultation).get_results()
    with connection.cursor() as cursor:
        cursor.execute("SELECT email_digest, xmin::text::bigint FROM participation_voterrecord")
        voter_xmin = dict(cursor.fetchall())
        cursor.execute(
            "SELECT c.option_id, b.xmin::text::bigint, c.xmin::text::bigint "
            "FROM participation_ballot b JOIN participation_ballotchoice c ON c.ballot_id = b.id"
        )
        ballots = cursor.fetchall()
    assert len(set(voter_xmin.values())) == N_VOTERS  # one transaction per vote
    ballot_xmins = {b for _o, b, _c in ballots} | {c for _o, _b, c in ballots}
    assert len(ballot_xmins) == 1  # the whole batch in one transaction
    (batch_xmin,) = ballot_xmins
    assert batch_xmin not in voter_xmin.values()
    # The nearest earlier voter transaction is the same for every ballot: at most one is right.
    nearest = max((x, d) for d, x in voter_xmin.items() if x < batch_xmin)[1]
    assert sum(truth[nearest] == option for option, _b, _c in ballots) <= 1
    # And heap order (ctid) is the probe's other way in.
    assert probe_pairs(truth) < N_VOTERS


@pytest.mark.django_db(transaction=True)
def test_batches_while_open_hold_at_least_k_ballots(settings):
    settings.OGP_BALLOT_MIX_SIZE = 3
    consultation = many_options_consultation(n=10)
    ids = [o.pk for o in consultation.options.all()]
    counted = []
    for n, option_id in enumerate(ids[:9]):
        cast(consultation, n, option_id)
        counted.append((Ballot.objects.count(), PendingBallot.objects.count()))
    # Counted once 2k = 6 are pending, keeping k = 3 back: every batch has at least 3 ballots.
    assert counted == [(0, 1), (0, 2), (0, 3), (0, 4), (0, 5), (3, 3), (3, 4), (3, 5), (6, 3)]
    results = {o.pk: v for o, v in Consultation.objects.get(pk=consultation.pk).get_results()}
    assert sum(results.values()) == 6  # while open: the counted ballots, exactly
    # After closing, the k kept back are counted too: every vote, once.
    results = {o.pk: v for o, v in close(consultation).get_results()}
    assert results == {**dict.fromkeys(ids[:9], 1), ids[9]: 0}
    assert PendingBallot.objects.count() == 0 and BallotChoice.objects.count() == 9
    assert VoterRecord.objects.count() == 9


@pytest.mark.django_db(transaction=True)
def test_a_vote_after_the_final_count_is_still_counted(settings):
    """A vote whose transaction commits after the close (and after a first reading) counts."""
    consultation = many_options_consultation(n=3)
    a, b, _c = (o.pk for o in consultation.options.all())
    cast(consultation, 0, a)
    closed = close(consultation)
    assert {o.pk: v for o, v in closed.get_results()}[a] == 1
    # The late ballot, as if it had passed the open check just before the close.
    ballot_box.cast(closed, VoterRecord(consultation=closed, email_digest="x" * 64), [b])
    ballot_box.count_pending(closed)
    assert {o.pk: v for o, v in closed.get_results()}[b] == 1


@pytest.mark.django_db(transaction=True)
def test_key_rotation_keeps_pending_ballots(settings, caplog):
    consultation = many_options_consultation(n=3)
    a = consultation.options.all()[0].pk
    old_key = settings.SECRET_KEY
    settings.OGP_VOTER_HASH_KEY = ""
    cast(consultation, 0, a)
    settings.SECRET_KEY = "una-clave-nueva-y-larga-para-el-sitio-" * 2
    closed = close(consultation)
    with caplog.at_level(logging.ERROR, logger="participation.ballot_box"):
        closed.get_results()
    assert "no se puede abrir" in caplog.text
    assert PendingBallot.objects.count() == 1 and Ballot.objects.count() == 0  # kept, not lost
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert ballot_box.count_pending(closed) == 1
    assert {o.pk: v for o, v in closed.get_results()}[a] == 1


@pytest.mark.django_db(transaction=True)
def test_options_of_a_consultation_with_pending_ballots_cannot_be_removed():
    consultation = many_options_consultation(n=3)
    ids = [o.pk for o in consultation.options.all()]
    cast(consultation, 0, ids[0])
    # The sealed ballot cannot say which option it chose: all three are protected.
    assert options_with_votes(ids) == set(ids)
    close(consultation).get_results()
    assert options_with_votes(ids) == {ids[0]}


@pytest.mark.django_db(transaction=True)
def test_count_ballots_command_counts_closed_consultations():
    from django.core.management import call_command

    consultation = many_options_consultation(n=3)
    cast(consultation, 0, consultation.options.all()[0].pk)
    call_command("count_ballots")
    assert PendingBallot.objects.count() == 1  # open, and fewer than 2k pending
    close(consultation)
    call_command("count_ballots")
    assert PendingBallot.objects.count() == 0 and Ballot.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_final_count_works_while_the_cache_is_down(settings):
    consultation = many_options_consultation(n=3)
    a = consultation.options.all()[0].pk
    cast(consultation, 0, a)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    assert {o.pk: v for o, v in close(consultation).get_results()}[a] == 1
