"""A local mail sink for the demo and the tests: SMTP in, a web page out."""
