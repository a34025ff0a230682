from .base import EditorialSnippet, LiveQuerySet
from .cocreation import CoCreationFigure, ParticipantGroup
from .commitments import (
    Axis,
    Commitment,
    CommitmentStatus,
    CommitmentTag,
    CompletionLevel,
    Milestone,
    PotentialForResults,
    progress_from_milestones,
)
from .committee import Committee, CommitteeMember
from .consultations import Consultation, ConsultationOption
from .history import CommitmentSnapshot
from .initiatives import Initiative
from .institutions import Institution
from .monitoring import MonitorReport
from .plans import ActionPlan, plan_field

__all__ = [
    "ActionPlan",
    "Axis",
    "CoCreationFigure",
    "Commitment",
    "CommitmentStatus",
    "CommitmentSnapshot",
    "CommitmentTag",
    "Committee",
    "CommitteeMember",
    "CompletionLevel",
    "Consultation",
    "ConsultationOption",
    "EditorialSnippet",
    "Initiative",
    "Institution",
    "LiveQuerySet",
    "Milestone",
    "MonitorReport",
    "ParticipantGroup",
    "PotentialForResults",
    "plan_field",
    "progress_from_milestones",
]
