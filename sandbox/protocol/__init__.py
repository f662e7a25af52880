"""Sandbox protocol register speaking the SOAP service of comune.istanze."""
