"""Pages of the evidence app: devices. Included by ``zhifa.evidence.urls``."""

from django.urls import URLPattern, path

from zhifa.evidence.views import devices

urlpatterns: list[URLPattern] = [
    path("devices/", devices.DeviceListView.as_view(), name="device_list"),
    path("devices/new/", devices.DeviceCreateView.as_view(), name="device_create"),
    path(
        "devices/equipment-report/",
        devices.EquipmentReportView.as_view(),
        name="equipment_report",
    ),
    path(
        "devices/equipment-report/export/",
        devices.EquipmentExportView.as_view(),
        name="equipment_export",
    ),
    path("devices/<int:pk>/", devices.DeviceDetailView.as_view(), name="device_detail"),
    path("devices/<int:pk>/assign/", devices.DeviceAssignView.as_view(), name="device_assign"),
    path("devices/<int:pk>/return/", devices.DeviceReturnView.as_view(), name="device_return"),
    path("devices/<int:pk>/status/", devices.DeviceStatusView.as_view(), name="device_status"),
]
