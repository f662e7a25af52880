"""Sandbox pagoPA: GPD, receipts, FdR and Checkout over HTTP on 127.0.0.1."""
