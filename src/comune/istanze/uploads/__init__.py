"""Bounded uploads: how big a request may be, and files received without a full copy in memory.

- :mod:`.limits`: the request body limit (registry record
  ``comune.istanze.uploads.max_request_mb``; 0 = automatic) and the fixed
  ceiling that waitress and Zope enforce whatever the site says;
- :mod:`.guard`: refuses an oversized request with HTTP 413 before any view
  reads it (a page for browsers, the JSON error of the REST services);
- :mod:`.streaming`: a file from base64 text or a multipart upload, written
  in chunks to a blob file with its size checked while reading.
"""
