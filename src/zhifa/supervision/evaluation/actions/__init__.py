"""Actions of case file evaluation and the year-end assessment, shared by views and the demo."""
