"""Sandbox ANPR: the e-services C015, C020 and C021 on fake citizens."""
