"""Sandbox receiver of the CloudEvents webhooks of comune.istanze."""
