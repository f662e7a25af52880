"""Inside the benchmark instance: the ZODB object caches, for P5.

``@@bench-cache`` (registered by ``bench.zcml``, so only in the throw-away
instances of the benchmarks) answers with what the object caches of the
database's connections hold: per connection the configured ``cache-size``
(objects) and ``cache-size-bytes``, the non-ghost objects and ZODB's own
estimate of their size (``_p_estimated_size``: the pickle size, rounded
up to 64 bytes; the figure ``cache-size-bytes`` limits).
"""

import json


def cache_stats(db):
    connections = []

    def one(conn):
        cache = conn._cache
        connections.append({
            "cache_size": cache.cache_size, "cache_size_bytes": cache.cache_size_bytes,
            "non_ghost": cache.cache_non_ghost_count, "estimated_bytes": cache.total_estimated_size,
        })

    db._connectionMap(one)
    return {"connections": connections,
            "non_ghost": sum(c["non_ghost"] for c in connections),
            "estimated_bytes": sum(c["estimated_bytes"] for c in connections)}


class CacheView:
    def __init__(self, context, request):
        self.context, self.request = context, request

    def __call__(self):
        self.request.response.setHeader("Content-Type", "application/json")
        return json.dumps(cache_stats(self.context._p_jar.db()))
