"""Protocol register (protocollo informatico): pluggable adapters + jobs."""
