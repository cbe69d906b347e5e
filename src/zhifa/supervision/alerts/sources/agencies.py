"""Credentials about to expire, and agencies whose reviewers fall below the minimum share."""

import datetime

from django.urls import reverse

from zhifa.agencies import compliance, rules
from zhifa.agencies.models import Agency, Credential
from zhifa.core.chinese_dates import chinese_date
from zhifa.core.rules import parameter
from zhifa.supervision.alerts.facts import AlertFact
from zhifa.supervision.alerts.models import AlertKind
from zhifa.supervision.alerts.sources import register


def check_credentials(agency_ids: list[int], today: datetime.date) -> list[AlertFact]:
    warning_days = int(parameter("credential_expiry_warning_days"))
    credentials = Credential.objects.filter(officer__agency_id__in=agency_ids)
    expiring = compliance.expiring_credentials(credentials, today, warning_days)
    return [
        AlertFact(
            kind=AlertKind.CREDENTIAL_EXPIRING,
            agency_id=credential.officer.agency_id,
            target_key=f"credential:{credential.pk}",
            message=(
                f"{credential.officer.full_name}的执法证件{credential.number}"
                f"将于{chinese_date(credential.valid_until)}到期，请办理换发。"
            ),
            url=reverse("agencies:officer_detail", args=[credential.officer_id]),
        )
        for credential in expiring
        # The query keeps only credentials whose end date falls within the warning window.
        if credential.valid_until is not None
    ]


def check_reviewer_ratio(agency_ids: list[int], today: datetime.date) -> list[AlertFact]:
    minimum = parameter("reviewer_ratio_min")
    officers = compliance.credentialed_officer_counts(agency_ids, today)
    reviewers = compliance.ratio_reviewer_counts(agency_ids, today)
    facts = []
    for agency in Agency.objects.filter(pk__in=agency_ids).order_by("sort_order", "pk"):
        ratio = rules.reviewer_ratio(
            reviewers.get(agency.pk, 0), officers.get(agency.pk, 0), minimum
        )
        if ratio.compliant is not False:
            continue
        facts.append(
            AlertFact(
                kind=AlertKind.REVIEWER_RATIO_LOW,
                agency_id=agency.pk,
                target_key=f"agency:{agency.pk}",
                message=f"{agency.short_name or agency.name}：{ratio.explanation}",
                url=f"{reverse('agencies:reviewer_list')}?agency={agency.pk}",
            )
        )
    return facts


register("credentials", {AlertKind.CREDENTIAL_EXPIRING}, check_credentials)
register("reviewer_ratio", {AlertKind.REVIEWER_RATIO_LOW}, check_reviewer_ratio)
