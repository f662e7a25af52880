"""Satisfaction ratings of online services (one per application)."""
