"""A deleted attachment row takes its file with it (the files have no public URL)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import ReportAttachment


@receiver(post_delete, sender=ReportAttachment)
def delete_attachment_file(sender, instance, **kwargs):
    if instance.file:
        instance.file.delete(save=False)
