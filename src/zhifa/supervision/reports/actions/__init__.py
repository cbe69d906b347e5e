"""The actions on monthly and annual reports; pages, commands and the daily job call these."""
