"""The four property checks (四性): authenticity, integrity, usability and security."""
