"""The Office's departments, setup packages and keys."""
