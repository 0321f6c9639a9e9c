"""The Office's views: import, conflict review, merged view, dashboard, finalize."""
