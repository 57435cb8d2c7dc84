from django.urls import include, path

urlpatterns = [path("", include("khavaran.web.urls"))]

# A page the public site does not have keeps the visitor on the public site (its menu, its
# home), not on the workspace's sign-in.
handler404 = "khavaran.web.views.public.not_found"
