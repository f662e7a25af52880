"""Back-office fixtures live in tests/fixtures.py (shared with ranking)."""
