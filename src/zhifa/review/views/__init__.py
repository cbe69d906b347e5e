"""Back-office pages of legal review, one module per area; each module lists its URLs."""
