"""StreamField blocks. ``CONTENT_BLOCKS`` is the list a page's StreamField takes."""

from .cocreation import CoCreationFiguresBlock
from .commitments import CommitmentBlock, CommitmentListBlock
from .committee import CommitteeRosterBlock
from .consultations import ConsultationResultsBlock
from .generic import (
    AccordionBlock,
    CallToActionBlock,
    DocumentBlock,
    EmbedBlock,
    HeadingBlock,
    ImageBlock,
    KeyFiguresBlock,
    QuoteBlock,
    RichTextBlock,
    TableBlock,
    TimelineBlock,
)
from .initiatives import InitiativesBlock
from .institutions import InstitutionsBlock
from .monitoring import MonitorReportsBlock

GENERIC_BLOCKS = [
    ("heading", HeadingBlock()),
    ("paragraph", RichTextBlock()),
    ("image", ImageBlock()),
    ("document", DocumentBlock()),
    ("quote", QuoteBlock()),
    ("key_figures", KeyFiguresBlock()),
    ("timeline", TimelineBlock()),
    ("accordion", AccordionBlock()),
    ("call_to_action", CallToActionBlock()),
    ("table", TableBlock()),
    ("embed", EmbedBlock()),
]

DOMAIN_BLOCKS = [
    ("commitment", CommitmentBlock()),
    ("commitment_list", CommitmentListBlock()),
    ("committee_roster", CommitteeRosterBlock()),
    ("cocreation_figures", CoCreationFiguresBlock()),
    ("consultation_results", ConsultationResultsBlock()),
    ("monitor_reports", MonitorReportsBlock()),
    ("institutions", InstitutionsBlock()),
    ("initiatives", InitiativesBlock()),
]

CONTENT_BLOCKS = GENERIC_BLOCKS + DOMAIN_BLOCKS

__all__ = [
    "CONTENT_BLOCKS",
    "DOMAIN_BLOCKS",
    "GENERIC_BLOCKS",
    "AccordionBlock",
    "CallToActionBlock",
    "CoCreationFiguresBlock",
    "CommitmentBlock",
    "CommitmentListBlock",
    "CommitteeRosterBlock",
    "ConsultationResultsBlock",
    "DocumentBlock",
    "EmbedBlock",
    "HeadingBlock",
    "ImageBlock",
    "InitiativesBlock",
    "InstitutionsBlock",
    "KeyFiguresBlock",
    "MonitorReportsBlock",
    "QuoteBlock",
    "RichTextBlock",
    "TableBlock",
    "TimelineBlock",
]
