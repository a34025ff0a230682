"""``CommitmentImport``: one import, from the uploaded files to the drafts it writes."""

import hashlib
import json

from django.utils.translation import gettext as _

from ... import queries
from ..datasets import COMMITMENT_COLUMNS, MILESTONE_COLUMNS
from .issues import COMMITMENTS_FILE, MILESTONES_FILE, ImportFailed, Issue, sort_issues
from .planning import Planner, permission_issues
from .reading import decode, read_csv
from .writing import write


class CommitmentImport:
    """Validate (dry run) and apply an import of commitments and / or milestones into one
    action plan: ``action_plan`` (drafts included), by default the current published plan.

    ``plan`` is what the import would do (a list of ``PlannedCommitment``)."""

    def __init__(self, commitments_csv=None, milestones_csv=None, user=None, action_plan=None):
        self.user = user
        self.action_plan = action_plan if action_plan is not None else queries.current_plan()
        self.issues = []
        self.plan = []
        self.sources = {}
        for label, content in (
            (COMMITMENTS_FILE, commitments_csv),
            (MILESTONES_FILE, milestones_csv),
        ):
            if content is None:
                continue
            text, issue = decode(content, label)
            if issue:
                self.issues.append(issue)
            else:
                self.sources[label] = text
        self.validated = False

    @property
    def ok(self):
        return self.validated and not self.issues

    def summary(self):
        counts = {"create": 0, "update": 0, "unchanged": 0}
        for item in self.plan:
            counts[item.action] += 1
        return counts

    def digest(self):
        """A fingerprint of the plan, to check at confirmation that it did not change."""
        data = [[item.action, item.slug, item.changed, item.milestones_after] for item in self.plan]
        target = [self.action_plan.pk, self.action_plan.slug] if self.action_plan else None
        payload = json.dumps([target, self.sources, data], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()

    def read(self, label, columns):
        if label not in self.sources:
            return []
        return read_csv(self.sources[label], columns, label, self.issues)

    def validate(self):
        if self.validated:
            return self.ok
        self.validated = True
        if not self.sources and not self.issues:
            message = _("Suba al menos un archivo: compromisos o hitos.")
            self.issues.append(Issue(COMMITMENTS_FILE, None, None, message))
            return False
        if self.action_plan is None:
            message = _(
                "No hay un plan de acción en el que importar: cree el plan antes de importar "
                "sus compromisos."
            )
            self.issues.append(Issue(COMMITMENTS_FILE, None, None, message))
            return False
        commitment_rows = self.read(COMMITMENTS_FILE, COMMITMENT_COLUMNS)
        milestone_rows = self.read(MILESTONES_FILE, MILESTONE_COLUMNS)
        # Go on after unreadable cells, to report every problem at once.
        planner = Planner(
            self.issues,
            with_milestones=MILESTONES_FILE in self.sources,
            action_plan=self.action_plan,
        )
        self.plan = planner.build(commitment_rows, milestone_rows)
        if not self.issues:
            self.issues.extend(permission_issues(self.plan, self.user))
        if self.issues:
            self.plan = []
            sort_issues(self.issues)
        return self.ok

    def apply(self):
        """Write the plan, all or nothing. Returns the summary; raises ImportFailed."""
        if not self.validate():
            raise ImportFailed(self.issues)
        write(self.plan, self.user)
        return self.summary()
