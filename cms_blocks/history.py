"""Each commitment's public history: one ``CommitmentSnapshot`` per approved publication.

A snapshot is written when Wagtail's ``published`` signal says a commitment's revision went
live: a reviewer's approval (the workflow publishes), a direct publish by someone allowed to,
or a scheduled version that ``publish_scheduled`` makes live once it is due. Nothing else
writes one: a draft save, a preview or a send-back publishes nothing, and a version scheduled
for later is not live yet (Wagtail sends the signal for a first publication scheduled in the
future too, with the object still not live: it is left out here).

What a snapshot holds is the *published* state only (the revision that went live), and what
changed since the previous approved publication, as data: the names of the changed fields and,
per milestone, whether it was added, removed, or changed its status. It is put into plain
Spanish when it is shown (``describe_changes``), with the models' verbose names and choice
labels. Reviewer comments live on Wagtail's task states and never reach a snapshot.

``rebuild_history`` (``manage.py build_commitment_history``) writes the same snapshots from the
publications Wagtail logged (``wagtail.publish`` and ``wagtail.publish.scheduled`` log entries
with their revisions), so that existing content starts with the history it really has.
"""

import json
import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import conf
from .models import Commitment, CommitmentSnapshot, CommitmentStatus, Milestone
from .models.commitments import progress_from_milestones
from .moderation.roles import REVIEWERS_ROLE, group_name

# The log actions of a revision going live (a scheduling, "wagtail.publish.schedule", is not).
PUBLISH_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled")

# Content keys that are bookkeeping, derived (compared on their own) or compared apart.
_IGNORED_FIELDS = Commitment.BOOKKEEPING_FIELDS | {
    "pk",
    "id",
    "status",
    "progress",
    "milestones",
    "tagged_items",
}
_MILESTONE_IGNORED = {"pk", "id", "commitment", "sort_order", "status"}


# -- who approved -------------------------------------------------------------------------------


def approver_group(user):
    """The name of the approver's role group: the reviewers' group if they are in it, else
    their first group by name, else ``""`` (the name is kept on the snapshot, so moving a
    person to another group later does not rewrite the history)."""
    if user is None:
        return ""
    names = sorted(user.groups.values_list("name", flat=True))
    reviewers = group_name(REVIEWERS_ROLE)
    if reviewers in names:
        return reviewers
    return names[0] if names else ""


def _approved_task_state(commitment, revision, published_at):
    """The last approved task state of the commitment's workflow that approved this version:
    finished after the revision existed and no later than its publication. The one on this
    very revision first; then any (a reviewer who edits while approving saves a newer
    revision than the one the task started on, and the workflow publishes that one)."""
    from wagtail.models import TaskState

    states = list(
        TaskState.objects.filter(
            workflow_state__base_content_type_id=commitment.get_base_content_type().pk,
            workflow_state__object_id=str(commitment.pk),
            status=TaskState.STATUS_APPROVED,
            finished_at__gte=revision.created_at,
            finished_at__lte=published_at,
            finished_by__isnull=False,
        )
        .select_related("finished_by")
        .order_by("-finished_at", "-pk")
    )
    for state in states:
        if state.revision_id == revision.pk:
            return state
    return states[0] if states else None


def _scheduler(commitment, revision):
    """Who scheduled this revision (``wagtail.publish.schedule``): publish_scheduled, which
    makes it live later, has no user."""
    from wagtail.models import ModelLogEntry

    entry = (
        ModelLogEntry.objects.for_instance(commitment)
        .filter(action="wagtail.publish.schedule", revision=revision, user__isnull=False)
        .select_related("user")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.user if entry else None


def find_approver(commitment, revision, published_at, publisher=None):
    """Who approved the publication: the reviewer who finished the workflow's approved task,
    else the publisher (the user the log entry names), else whoever scheduled it, else the
    revision's author; None when nothing names anyone (a script, the seed)."""
    state = _approved_task_state(commitment, revision, published_at)
    if state is not None:
        return state.finished_by
    if publisher is not None:
        return publisher
    return _scheduler(commitment, revision) or revision.user


# -- what changed -------------------------------------------------------------------------------


_BLOCK_KEY = re.compile(r'\s+data-block-key="[^"]*"')
_EMPTY_RICH_TEXT = re.compile(r"^(\s*<p>\s*</p>\s*)*$")


def _normalised(value):
    """A value as a reader sees it: the rich text editor's block keys and an empty paragraph
    are not changes."""
    if isinstance(value, str):
        value = _BLOCK_KEY.sub("", value)
        return "" if _EMPTY_RICH_TEXT.match(value) else value
    if isinstance(value, list):
        return [_normalised(item) for item in value]
    if isinstance(value, dict):
        return {key: _normalised(item) for key, item in value.items()}
    return value


def _as_stored(content):
    return _normalised(json.loads(json.dumps(content, cls=DjangoJSONEncoder)))


def _same(a, b):
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    return a == b


def _tags(content):
    return sorted(str(item.get("tag")) for item in content.get("tagged_items") or [])


def _match_milestones(old, new):
    """Pairs (old, new) of the same milestone, then the added and the removed ones: by primary
    key when both have one, else by title (a milestone's first revision has no key yet)."""
    pairs, added = [], []
    remaining = list(old)
    for milestone in new:
        match = None
        if milestone.get("pk") is not None:
            match = next((m for m in remaining if m.get("pk") == milestone["pk"]), None)
        if match is None:
            match = next(
                (
                    m
                    for m in remaining
                    if m.get("title") == milestone.get("title")
                    and (m.get("pk") is None or milestone.get("pk") is None)
                ),
                None,
            )
        if match is None:
            added.append(milestone)
        else:
            remaining.remove(match)
            pairs.append((match, milestone))
    return pairs, added, remaining


def _status(milestones):
    return progress_from_milestones(_milestone_objects(milestones))


def _milestone_objects(milestones):
    return [
        Milestone(status=m.get("status") or "", weight=m.get("weight") or 1) for m in milestones
    ]


def compute_changes(previous_content, content):
    """What changed from one published revision's content to the next, as data::

    [{"first": True}]                                      # nothing published before
    {"field": name}                                        # a commitment field changed
    {"field": "status" | "progress", "from": a, "to": b}   # derived from the milestones
    {"milestone": title, "added": True, "to": status}
    {"milestone": title, "removed": True}
    {"milestone": title, "from": status, "to": status}
    {"milestone": title, "fields": [name, …]}              # its other fields
    """
    if previous_content is None:
        return [{"first": True}]
    # As stored: a revision just saved still holds dates and decimals, not their JSON text.
    previous_content, content = _as_stored(previous_content), _as_stored(content)
    fields = {f.name for f in Commitment._meta.get_fields() if f.concrete or f.many_to_many}
    changes = []
    for key, value in content.items():
        if key in _IGNORED_FIELDS or key not in previous_content or key not in fields:
            continue
        if not _same(previous_content[key], value):
            changes.append({"field": key})
    both_tagged = "tagged_items" in content and "tagged_items" in previous_content
    if both_tagged and _tags(previous_content) != _tags(content):
        changes.append({"field": "tags"})
    old_milestones = previous_content.get("milestones") or []
    new_milestones = content.get("milestones") or []
    old_progress, old_status = _status(old_milestones)
    new_progress, new_status = _status(new_milestones)
    if old_status != new_status:
        changes.append({"field": "status", "from": str(old_status), "to": str(new_status)})
    if old_progress != new_progress:
        changes.append({"field": "progress", "from": old_progress, "to": new_progress})
    pairs, added, removed = _match_milestones(old_milestones, new_milestones)
    for old, new in pairs:
        title = new.get("title") or ""
        if old.get("status") != new.get("status"):
            changes.append({"milestone": title, "from": old.get("status"), "to": new.get("status")})
        fields = [
            key
            for key, value in new.items()
            if key not in _MILESTONE_IGNORED and key in old and not _same(old[key], value)
        ]
        if fields:
            changes.append({"milestone": title, "fields": fields})
    for new in added:
        changes.append(
            {"milestone": new.get("title") or "", "added": True, "to": new.get("status")}
        )
    for old in removed:
        changes.append({"milestone": old.get("title") or "", "removed": True})
    return changes


def _field_label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field that a later version of the model no longer has
        return name.replace("_", " ")


def _status_label(choices, value):
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def _join(labels):
    labels = [str(label) for label in labels]
    if len(labels) < 2:
        return "".join(labels)
    return _("%(items)s y %(last)s") % {"items": ", ".join(labels[:-1]), "last": labels[-1]}


def describe_changes(changes):
    """The changes of a snapshot in plain Spanish, one sentence each (never a raw diff)."""
    if not changes:
        return [_("Se publicó de nuevo, sin cambios en el contenido.")]
    sentences = []
    fields = [c["field"] for c in changes if "field" in c and "from" not in c]
    if any(c.get("first") for c in changes):
        sentences.append(_("Primera publicación."))
    if fields:
        sentences.append(
            _("Se modificó: %(fields)s.")
            % {"fields": _join(_field_label(Commitment, name) for name in fields)}
        )
    for change in changes:
        if change.get("field") == "status" and "from" in change:
            sentences.append(
                _("Estado del compromiso: de %(old)s a %(new)s.")
                % {
                    "old": _status_label(CommitmentStatus, change["from"]),
                    "new": _status_label(CommitmentStatus, change["to"]),
                }
            )
        elif change.get("field") == "progress" and "from" in change:
            sentences.append(
                _("Avance: de %(old)s %% a %(new)s %%.")
                % {"old": change["from"], "new": change["to"]}
            )
    for change in changes:
        if "milestone" not in change:
            continue
        title = change["milestone"]
        if change.get("added"):
            sentences.append(
                _("Nuevo hito «%(title)s» (%(status)s).")
                % {"title": title, "status": _status_label(Milestone.Status, change.get("to"))}
            )
        elif change.get("removed"):
            sentences.append(_("Se retiró el hito «%(title)s».") % {"title": title})
        elif "fields" in change:
            sentences.append(
                _("Hito «%(title)s»: se modificó %(fields)s.")
                % {
                    "title": title,
                    "fields": _join(_field_label(Milestone, name) for name in change["fields"]),
                }
            )
        else:
            sentences.append(
                _("Hito «%(title)s»: de %(old)s a %(new)s.")
                % {
                    "title": title,
                    "old": _status_label(Milestone.Status, change.get("from")),
                    "new": _status_label(Milestone.Status, change.get("to")),
                }
            )
    return sentences


# -- writing snapshots --------------------------------------------------------------------------


def _previous_revision(commitment, revision, before, exclude_entry=None):
    """The revision of the approved publication before this one (the last logged publication
    of another revision), or None for a first publication."""
    from wagtail.models import ModelLogEntry

    entries = (
        ModelLogEntry.objects.for_instance(commitment)
        .filter(action__in=PUBLISH_ACTIONS, revision__isnull=False, timestamp__lte=before)
        .exclude(revision=revision)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
    )
    if exclude_entry is not None:
        entries = entries.exclude(pk=exclude_entry.pk)
    entry = entries.first()
    return entry.revision if entry else None


def snapshot_values(published, revision, previous, published_at, approver):
    """The fields of the snapshot of ``published`` (the commitment as ``revision`` holds it)."""
    milestones = list(published.milestones.all())
    progress, status = progress_from_milestones(milestones)
    day = timezone.localdate(published_at)
    return {
        "plan_id": published.plan_id,
        "published_at": published_at,
        "progress": progress,
        "status": status,
        "milestones_done": sum(1 for m in milestones if m.status == Milestone.Status.COMPLETED),
        "milestones_total": len(milestones),
        "milestones_late": sum(1 for m in milestones if m.is_late_on(day)),
        "progress_is_illustrative": published.progress_is_illustrative,
        "changes": compute_changes(previous.content if previous else None, revision.content),
        "approved_by": approver,
        "approver_group": approver_group(approver),
    }


def _write(commitment_id, revision, values):
    try:
        with transaction.atomic():
            return CommitmentSnapshot.objects.get_or_create(
                commitment_id=commitment_id, revision=revision, defaults=values
            )
    except IntegrityError:  # written meanwhile by another process
        return CommitmentSnapshot.objects.get(commitment_id=commitment_id, revision=revision), False


def record_publication(sender, instance, revision, **kwargs):
    """``published`` receiver: one snapshot when a commitment's revision is now live."""
    if not isinstance(instance, Commitment) or revision is None:
        return
    if not Commitment.objects.source_language().filter(pk=instance.pk).exists():
        return  # a translation's text is no new state of the commitment: its source's is
    if not instance.live or instance.live_revision_id != revision.pk:
        return  # scheduled for later: publish_scheduled sends the signal again when it is due
    if CommitmentSnapshot.objects.filter(commitment_id=instance.pk, revision=revision).exists():
        return
    from wagtail.log_actions import get_active_log_context

    published_at = instance.last_published_at or timezone.now()
    previous = _previous_revision(instance, revision, published_at)
    publisher = get_active_log_context().user  # the admin's user (the log entry's user)
    approver = find_approver(instance, revision, published_at, publisher)
    _write(
        instance.pk, revision, snapshot_values(instance, revision, previous, published_at, approver)
    )


def connect_signals():
    from wagtail.signals import published

    published.connect(
        record_publication, sender=Commitment, dispatch_uid="cms_blocks_commitment_history"
    )


def rebuild_history(dry_run=False):
    """Write the snapshot of every logged publication of every commitment that has none.

    Returns ``(created, existing)``: the snapshots written (or that would be, with
    ``dry_run``) and those already there. Running it again writes nothing.
    """
    from wagtail.models import ModelLogEntry

    content_type = ContentType.objects.get_for_model(Commitment, for_concrete_model=False)
    entries = (
        ModelLogEntry.objects.filter(
            content_type=content_type, action__in=PUBLISH_ACTIONS, revision__isnull=False
        )
        .select_related("revision", "revision__user", "user")
        .order_by("timestamp", "pk")
    )
    by_object = {}
    for entry in entries:
        by_object.setdefault(entry.object_id, []).append(entry)
    commitments = {
        str(c.pk): c
        for c in Commitment.objects.filter(pk__in=[int(k) for k in by_object if k.isdigit()])
    }
    done = set(CommitmentSnapshot.objects.values_list("commitment_id", "revision_id"))
    created = existing = 0
    for object_id, object_entries in by_object.items():
        commitment = commitments.get(object_id)
        if commitment is None:
            continue
        for index, entry in enumerate(object_entries):
            revision = entry.revision
            if (commitment.pk, revision.pk) in done:
                existing += 1
                continue
            done.add((commitment.pk, revision.pk))
            previous = next(
                (
                    e.revision
                    for e in reversed(object_entries[:index])
                    if e.revision_id != revision.pk
                ),
                None,
            )
            created += 1
            if dry_run:
                continue
            approver = find_approver(commitment, revision, entry.timestamp, entry.user)
            values = snapshot_values(
                revision.as_object(), revision, previous, entry.timestamp, approver
            )
            _write(commitment.pk, revision, values)
    return created, existing


# -- showing it ---------------------------------------------------------------------------------


class HistoryEntry:
    """One approved publication as the public sees it (no draft, no reviewer comment)."""

    def __init__(self, snapshot, show_names):
        self.pk = snapshot.pk
        self.published_at = snapshot.published_at
        self.progress = snapshot.progress
        self.status = snapshot.get_status_display()
        self.milestones_done = snapshot.milestones_done
        self.milestones_total = snapshot.milestones_total
        self.milestones_late = snapshot.milestones_late
        self.progress_is_illustrative = snapshot.progress_is_illustrative
        self.changes = describe_changes(snapshot.changes)
        self.approver_group = snapshot.approver_group
        user = snapshot.approved_by if show_names else None
        self.approver_name = (user.get_full_name() or user.get_username()) if user else ""
        self.anchor = f"publicacion-{snapshot.pk}"


def history_entries(commitment, limit=None):
    """The commitment's approved publications, newest first, in one query."""
    show_names = bool(conf.get("CMS_BLOCKS_HISTORY_SHOW_APPROVER_NAMES"))
    snapshots = CommitmentSnapshot.objects.filter(commitment=commitment).order_by(
        "-published_at", "-pk"
    )
    if show_names:
        snapshots = snapshots.select_related("approved_by")
    if limit:
        snapshots = snapshots[:limit]
    return [HistoryEntry(snapshot, show_names) for snapshot in snapshots]


def history_context(commitment):
    """What the commitment page's «Historial de cambios» needs: one query."""
    return {
        "history": history_entries(commitment),
        "history_feed_url": reverse(
            "cms_blocks:commitment_history_feed", kwargs={"slug": commitment.slug}
        ),
    }
