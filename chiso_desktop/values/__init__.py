"""Entering, showing, computing and checking values; pure, no database, no Qt."""
