"""Antivirus scanning of every upload (ClamAV's clamd by default)."""
