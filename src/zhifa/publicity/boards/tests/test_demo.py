"""Demo boards: windows with posts, photos and a generated sample form, idempotent."""

import datetime

from zhifa.agencies.models import Agency
from zhifa.publicity.boards import demo
from zhifa.publicity.models import ServiceWindow, WindowPost, WindowSampleForm


def test_demo_loads_once(agency_a: Agency, agency_b: Agency, today: datetime.date) -> None:
    first = demo.load(today)
    second = demo.load(today)

    assert first == {"service_windows": 2, "window_posts": 4, "window_sample_forms": 2}
    assert second == {"service_windows": 0, "window_posts": 0, "window_sample_forms": 0}
    assert ServiceWindow.objects.count() == 2
    assert all(post.photo for post in WindowPost.objects.all())
    form = WindowSampleForm.objects.first()
    assert form is not None
    assert form.file.name.endswith(".docx")
    assert form.digest.startswith(("sm3:", "sha256:"))
