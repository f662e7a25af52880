"""Retention: applications past their type's retention period are anonymised
(or deleted), keeping what the law requires; transparency figures stay."""
