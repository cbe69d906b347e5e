"""Publication drafts: which decisions are published, by when, with which fields."""
