"""``CommitmentImport``: one import, from the uploaded files to the drafts it writes."""

import hashlib
import json

from django.utils.translation import gettext as _

from ..datasets import COMMITMENT_COLUMNS, MILESTONE_COLUMNS
from .issues import COMMITMENTS_FILE, MILESTONES_FILE, ImportFailed, Issue, sort_issues
from .planning import Planner, permission_issues
from .reading import decode, read_csv
from .writing import write


class CommitmentImport:
    """Validate (dry run) and apply an import of commitments and / or milestones."""

    def __init__(self, commitments_csv=None, milestones_csv=None, user=None):
        self.user = user
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
        payload = json.dumps([self.sources, data], sort_keys=True, ensure_ascii=False)
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
        commitment_rows = self.read(COMMITMENTS_FILE, COMMITMENT_COLUMNS)
        milestone_rows = self.read(MILESTONES_FILE, MILESTONE_COLUMNS)
        # Go on after unreadable cells, to report every problem at once.
        planner = Planner(self.issues, with_milestones=MILESTONES_FILE in self.sources)
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
