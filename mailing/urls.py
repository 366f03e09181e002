from django.urls import path

from . import views

app_name = "mailing"

# Each address also answers without its trailing slash: a POST there cannot be
# redirected (APPEND_SLASH would lose the body; under DEBUG it is an error page).
urlpatterns = [
    path("send/", views.send_email, name="send"),
    path("send", views.send_email),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("unsubscribe/<str:token>", views.unsubscribe),
]
