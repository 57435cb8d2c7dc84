from django.urls import path

from khavaran.web import views

urlpatterns = [path("", views.home, name="home")]
