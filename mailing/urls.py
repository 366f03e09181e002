app_name = "mailing"

urlpatterns = []
