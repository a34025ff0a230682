"""StreamField blocks. ``CONTENT_BLOCKS`` is the list a page's StreamField takes."""

from .base import content_blocks

# The import order below is the picker's order (see content_blocks).
# isort: off
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
from .commitments import CommitmentBlock, CommitmentListBlock
from .dashboard import PlanProgressBlock
from .committee import CommitteeRosterBlock
from .cocreation import CoCreationFiguresBlock
from .consultations import ConsultationResultsBlock
from .monitoring import MonitorReportsBlock
from .institutions import InstitutionsBlock
from .initiatives import InitiativesBlock

# isort: on

# Each block declares its StreamField name where it is written (``@content_block``); the
# modules are imported above in the order the picker lists them: generic blocks first.
CONTENT_BLOCKS = content_blocks()
GENERIC_BLOCKS = [(n, b) for n, b in CONTENT_BLOCKS if type(b).__module__ == f"{__name__}.generic"]
DOMAIN_BLOCKS = [(n, b) for n, b in CONTENT_BLOCKS if (n, b) not in GENERIC_BLOCKS]


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
    "PlanProgressBlock",
    "QuoteBlock",
    "RichTextBlock",
    "TableBlock",
    "TimelineBlock",
]
