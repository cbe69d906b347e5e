"""Back-office and portal pages of the monthly and annual reports."""
