"""The Office's first page: what is due, what arrived, the next step."""
