"""Every database read of the public portal.

The portal's views and templates see only the frozen dataclasses returned here, never a
model instance. A template therefore cannot reach a field that is not copied in below, such
as an officer's ID number, an internal note or the person who entered a record.
``zhifa.portal.search`` is the one other module that queries, and it returns primary keys of
``PublishedItem`` only.

Decisions come only from the publication snapshot, ``publicity.PublishedItem``: the portal
never reads ``Publication``, ``PublicationVersion``, cases or parties, so a portal bug cannot
show an unpublished or unmasked decision. The other tables read here hold ex-ante reference
data that agencies publish by design, not records about parties:

- ``agencies``: ``Agency`` (name, legal status, contacts, entrustment), ``EnforcementDomain``
  names, and ``Officer`` with ``Credential`` for the name, credential number, domains and
  validity (the photo only through ``credential_photo``, never the ID number);
- ``catalog``: ``PowerItem``/``PowerItemVersion`` and ``ListEntry``/``ListEntryVersion`` that
  have come into force, with only the fields the list's schema names;
- ``review``: the accepted ``ReviewCatalog`` in force and its entries, without the bureau's
  comments or the people who filed and accepted it;
- ``publicity``: active ``ServiceWindow`` boards with their ``WindowPost`` and
  ``WindowSampleForm`` rows, whose files only the board views serve.
"""

from zhifa.portal.queries.agencies import (
    AgencyGroup,
    PowerItemHistory,
    PublicAgency,
    PublicPowerItemVersion,
    agency_groups,
    agency_options,
    find_agency,
    power_item_history,
    power_items_in_force,
)
from zhifa.portal.queries.boards import (
    BoardFile,
    PublicBoard,
    PublicPost,
    PublicSampleForm,
    PublicWindow,
    post_photo,
    sample_form,
    window_board,
    windows_of_agency,
)
from zhifa.portal.queries.credentials import (
    PublicCredential,
    PublicOfficer,
    credential_by_number,
    credential_by_token,
    credential_photo,
    normalise_credential_number,
    officers_with_valid_credentials,
)
from zhifa.portal.queries.decisions import (
    DecisionDetail,
    DecisionSummary,
    decision_detail,
    decision_summaries,
    latest_decisions,
)
from zhifa.portal.queries.lists import (
    ListEntryHistory,
    PublicCatalogEntry,
    PublicList,
    PublicListEntry,
    PublicListField,
    PublicListKind,
    PublicReviewCatalog,
    is_list_kind,
    list_entry_history,
    list_in_force,
    list_kinds,
    review_catalog_in_force,
)

__all__ = [
    "AgencyGroup",
    "BoardFile",
    "DecisionDetail",
    "DecisionSummary",
    "ListEntryHistory",
    "PowerItemHistory",
    "PublicAgency",
    "PublicBoard",
    "PublicCatalogEntry",
    "PublicCredential",
    "PublicList",
    "PublicListEntry",
    "PublicListField",
    "PublicListKind",
    "PublicOfficer",
    "PublicPost",
    "PublicPowerItemVersion",
    "PublicReviewCatalog",
    "PublicSampleForm",
    "PublicWindow",
    "agency_groups",
    "agency_options",
    "credential_by_number",
    "credential_by_token",
    "credential_photo",
    "decision_detail",
    "decision_summaries",
    "find_agency",
    "is_list_kind",
    "latest_decisions",
    "list_entry_history",
    "list_in_force",
    "list_kinds",
    "normalise_credential_number",
    "officers_with_valid_credentials",
    "post_photo",
    "power_item_history",
    "power_items_in_force",
    "review_catalog_in_force",
    "sample_form",
    "window_board",
    "windows_of_agency",
]
