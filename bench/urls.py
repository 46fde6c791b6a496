"""The portal's URLs plus a bare view: the floor of what one request through this stack costs."""
from django.http import HttpResponse
from django.urls import path

from portal.urls import handler400, handler500  # noqa: F401 (Django looks them up in the ROOT_URLCONF)
from portal.urls import urlpatterns as portal_urlpatterns


def bare_view(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare_view, name="bench_bare"), *portal_urlpatterns]
