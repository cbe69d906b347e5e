"""Back-office and portal pages of the guidance app."""
