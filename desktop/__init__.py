"""Estelam Desk: social-insurance status inquiries for agency clerks."""

__version__ = "0.1.0"
APP_NAME = "Estelam Desk"
APP_ID = "estelam-desk"
