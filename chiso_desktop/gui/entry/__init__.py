"""The department entry page: grouped grid, inline editing, paste, undo, mark ready."""
