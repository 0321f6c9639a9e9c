"""The ``chiso`` command line: the same core operations the GUI runs."""
