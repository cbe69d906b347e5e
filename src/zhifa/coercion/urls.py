from django.urls import path

from zhifa.coercion import views

app_name = "coercion"

urlpatterns = [
    path("measures/", views.MeasureListView.as_view(), name="measure_list"),
    path("measures/<int:pk>/", views.MeasureDetailView.as_view(), name="measure_detail"),
]
