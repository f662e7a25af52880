"""Benchmarks of comune.istanze (not shipped with the package).

``python benchmarks/run.py`` (what ``make bench`` runs) starts a temporary
Zope instance and measures the P1 "deadline rush"; see README.md.
"""
