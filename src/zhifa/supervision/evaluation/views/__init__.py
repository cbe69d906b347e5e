"""Pages of case file evaluation and the year-end assessment."""
