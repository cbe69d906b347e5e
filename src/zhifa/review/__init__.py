"""Legal review of major enforcement decisions (重大执法决定法制审核)."""
