"""Applying for a company (legal representative) or a client (professional with a procura)."""
