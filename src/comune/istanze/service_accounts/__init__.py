"""Service accounts: back-end systems acting through the REST API (issue 16 §1)."""
