"""Fees of application types and paying them through pagoPA (issue 11)."""
