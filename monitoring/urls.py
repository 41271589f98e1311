from django.urls import path

from . import views

app_name = "monitoring"

# Answered first by monitoring.middleware.OperatorEndpointsMiddleware; routed here too so that reverse() and the
# permission matrix know them.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("metrics", views.metrics, name="metrics"),
]
