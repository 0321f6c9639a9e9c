"""The city's page: its wards side by side for the period (``office.city`` read model)."""
