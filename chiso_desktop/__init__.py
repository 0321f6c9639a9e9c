"""Chỉ số Desktop: offline-first indicator reporting for ward and commune offices."""

__version__ = "0.1.0"
