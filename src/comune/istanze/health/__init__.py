"""The health of one Zope process, for the load balancer and monitoring."""
