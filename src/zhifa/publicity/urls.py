from zhifa.publicity.boards import views as boards
from zhifa.publicity.views import changes, drafts, exports, masking, rules, watch

app_name = "publicity"

urlpatterns = [
    *boards.urlpatterns,
    *drafts.urlpatterns,
    *rules.urlpatterns,
    *masking.urlpatterns,
    *changes.urlpatterns,
    *exports.urlpatterns,
    *watch.urlpatterns,
]
