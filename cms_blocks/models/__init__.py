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
from .initiatives import Initiative
from .institutions import Institution
from .monitoring import MonitorReport

__all__ = [
    "Axis",
    "CoCreationFigure",
    "Commitment",
    "CommitmentStatus",
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
    "progress_from_milestones",
]
