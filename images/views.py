"""The rich-text editor's image upload (CKEditor 4's JSON upload protocol).

Routed by ImageAdmin.get_urls through the admin site, so only signed-in
staff reach it and Django's CSRF check applies (the editor sends the token
in X-CSRFToken, static/images/editor.js). The answer follows CKEditor's
protocol: {"uploaded": 1, "url": ...} or {"uploaded": 0, "error": {"message": ...}}.
A refused image is answered 200 with the reason, because CKEditor shows the
message of a 200 answer only (for other statuses it shows a generic one).
"""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .processing import clean_image
from .services import store_image


def _refused(message, status=200):
    return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=status)


@require_POST
def upload(request):
    if not request.user.has_perm("images.add_image"):
        return _refused(_("You may not upload images."), status=403)
    file = request.FILES.get("upload")
    if file is None:
        return _refused(_("Choose an image to upload."), status=400)
    try:
        clean = clean_image(file)
    except ValidationError as error:
        return _refused(" ".join(error.messages))
    image = store_image(
        clean, original_name=file.name, alt_text=request.POST.get("alt", ""), user=request.user
    )
    return JsonResponse({"uploaded": 1, "fileName": str(image), "url": image.url, "id": image.pk})
