"""The worker's image jobs, thin: the work is in renditions.py."""

from celery import shared_task

from .models import Image
from .renditions import make_renditions as make


@shared_task(name="images.tasks.make_renditions")
def make_renditions(image_id):
    """Make the missing renditions of one image (gone images are skipped)."""
    image = Image.objects.filter(pk=image_id).first()
    if image is not None:
        make(image)
