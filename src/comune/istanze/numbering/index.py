"""``application_number``: a field index whose forward keys do not grow in order.

Numbers grow: in a plain FieldIndex every submission added the next key at
the end of the forward BTree, so concurrent submissions split its last
bucket, and a bucket split cannot be merged: the first P1 hot spot once the
other shared structures were gone. Here the forward index is keyed by the
number written backwards (an involution: ``spread(spread(n)) == n``), so
consecutive numbers land far apart, while the reverse index (document ->
number), which ZCatalog reads to sort, keeps the number itself: sorting by
number stays exact.

Queries are exact values (one number or a list); a range over numbers has
no meaning here and is refused.
"""

from Products.PluginIndexes.FieldIndex.FieldIndex import FieldIndex


def spread(value):
    return value[::-1] if isinstance(value, str) else value


class ApplicationNumberIndex(FieldIndex):
    meta_type = "ApplicationNumberIndex"

    def insertForwardIndexEntry(self, entry, documentId):
        super().insertForwardIndexEntry(spread(entry), documentId)

    def removeForwardIndexEntry(self, entry, documentId):
        super().removeForwardIndexEntry(spread(entry), documentId)

    def query_index(self, record, resultset=None):
        if getattr(record, "range", None) or record.get("not", None):
            raise ValueError(f"{self.id}: only exact application numbers can be searched")
        record.keys = [spread(key) for key in record.keys]
        return super().query_index(record, resultset=resultset)

    def uniqueValues(self, name=None, withLengths=0):
        for item in super().uniqueValues(name, withLengths):
            yield (spread(item[0]), item[1]) if withLengths else spread(item)

    def items(self):
        """(number, documents) in number order, as ZCatalog expects when it
        sorts a large result by walking the index."""
        return sorted((spread(key), value) for key, value in super().items())
