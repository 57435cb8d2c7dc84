from django.urls import include, path

urlpatterns = [path("", include("khavaran.web.urls"))]
