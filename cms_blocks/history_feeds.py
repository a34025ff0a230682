"""RSS feed of one commitment's public history: /compromisos/<slug>/historial/feed/.

One item per approved publication (``cms_blocks.history``), newest first: its date, what
changed in plain Spanish, the progress it made public and who approved it (their group; their
name only with ``CMS_BLOCKS_HISTORY_SHOW_APPROVER_NAMES``). No draft content and no reviewer
comment. Every link is absolute on the public address (``cms_blocks.public_urls``), never on
the host a request came to, as in ``cms_blocks.feeds``.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from . import queries
from .feeds import FEED_LENGTH, BaseFeed
from .history import history_entries
from .models import Commitment
from .public_urls import public_url


class CommitmentHistoryFeed(BaseFeed):
    def get_object(self, request, slug, *args, **kwargs):
        super().get_object(request, *args, **kwargs)
        live = queries.in_plan(Commitment.objects.live(), None).select_related("plan")
        self.commitment = get_object_or_404(live, slug=slug)
        return self.commitment

    def feed_title(self):
        return _("Historial de cambios · %(title)s") % {"title": self.commitment.title}

    def link(self):
        return public_url(self.commitment.get_absolute_url(), self.base_url) + "#historial"

    def description(self):
        return _(
            "Cada publicación aprobada del compromiso «%(title)s»: qué cambió, el avance "
            "publicado y quién la aprobó."
        ) % {"title": self.commitment.title}

    def items(self):
        return history_entries(self.commitment, limit=FEED_LENGTH)

    def item_title(self, item):
        when = formats.date_format(timezone.localtime(item.published_at), "DATE_FORMAT")
        return _("Publicación del %(date)s: avance %(progress)s %%") % {
            "date": when,
            "progress": item.progress,
        }

    def item_description(self, item):
        parts = list(item.changes)
        parts.append(
            _("Avance publicado: %(progress)s %% (%(status)s), %(done)s de %(total)s hitos.")
            % {
                "progress": item.progress,
                "status": item.status,
                "done": item.milestones_done,
                "total": item.milestones_total,
            }
        )
        if item.approver_name or item.approver_group:
            who = " · ".join(p for p in (item.approver_name, item.approver_group) if p)
            parts.append(_("Aprobado por: %(who)s.") % {"who": who})
        return " ".join(str(p) for p in parts)

    def item_link(self, item):
        path = reverse("cms_blocks:commitment_detail", kwargs={"slug": self.commitment.slug})
        return f"{public_url(path, self.base_url)}#{item.anchor}"

    def item_pubdate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [self.commitment.plan.title]
