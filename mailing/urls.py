from django.urls import path

from . import views

app_name = "mailing"

urlpatterns = [
    path("send/", views.send_email, name="send"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
