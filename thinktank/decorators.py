"""View decorators the whole site uses."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse


def staff_permission_required(perm):
    """Staff views: anonymous visitors go to the admin login (with ?next=); a signed-in
    user who is not staff or lacks the model permission `perm` gets 403.

    Staff status alone is not enough: a staff account made for mailing support
    must not read draft articles because it can open the admin.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            if not (user.is_staff and user.has_perm(perm)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
