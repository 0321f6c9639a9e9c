"""Entry operations: what a department does with its period's numbers."""
