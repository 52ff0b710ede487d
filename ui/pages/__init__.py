"""One file per page of the main window."""
