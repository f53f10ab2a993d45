"""A stand-in for the SSO services, spoken to over HTTP only.

This package is a separate program: it imports nothing from the rest of ``desktop``.
"""
