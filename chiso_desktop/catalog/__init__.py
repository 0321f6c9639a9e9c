"""Indicator catalogs: the official sets, plans, forms and targets as typed data."""
