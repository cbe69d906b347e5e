from django.urls import path

from zhifa.supervision.guidance.views import circulars, guiding_cases, rules

app_name = "guidance"

urlpatterns = [
    path("cases/", guiding_cases.GuidingCaseListView.as_view(), name="guiding_case_list"),
    path("cases/select/", guiding_cases.SelectCaseView.as_view(), name="guiding_case_select"),
    path(
        "cases/new/<int:case_pk>/",
        guiding_cases.GuidingCaseCreateView.as_view(),
        name="guiding_case_create",
    ),
    path(
        "cases/<int:pk>/", guiding_cases.GuidingCaseDetailView.as_view(), name="guiding_case_detail"
    ),
    path(
        "cases/<int:pk>/edit/",
        guiding_cases.GuidingCaseEditView.as_view(),
        name="guiding_case_edit",
    ),
    path(
        "cases/<int:pk>/release/",
        guiding_cases.GuidingCaseStepView.as_view(step="release"),
        name="guiding_case_release",
    ),
    path(
        "cases/<int:pk>/withdraw/",
        guiding_cases.GuidingCaseStepView.as_view(step="withdraw"),
        name="guiding_case_withdraw",
    ),
    path(
        "cases/<int:pk>/publish/",
        guiding_cases.GuidingCaseStepView.as_view(step="publish"),
        name="guiding_case_publish",
    ),
    path(
        "cases/<int:pk>/unpublish/",
        guiding_cases.GuidingCaseStepView.as_view(step="unpublish"),
        name="guiding_case_unpublish",
    ),
    path("rules/", rules.RuleRegisterView.as_view(), name="rule_register"),
    path("rules/agency/<int:agency_pk>/", rules.AgencyRulesView.as_view(), name="agency_rules"),
    path("rules/<int:pk>/", rules.AgencyRuleDetailView.as_view(), name="agency_rule_detail"),
    path("rules/<int:pk>/file/", rules.AgencyRuleFileView.as_view(), name="agency_rule_file"),
    path("rule-types/", rules.RuleTypeListView.as_view(), name="rule_type_list"),
    path("rule-types/new/", rules.RuleTypeEditView.as_view(), name="rule_type_create"),
    path("rule-types/<int:pk>/", rules.RuleTypeEditView.as_view(), name="rule_type_edit"),
    path("circulars/", circulars.CircularListView.as_view(), name="circular_list"),
    path("circulars/new/", circulars.CircularCreateView.as_view(), name="circular_create"),
    path("circulars/<int:pk>/", circulars.CircularDetailView.as_view(), name="circular_detail"),
]
