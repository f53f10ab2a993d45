"""The mock's certificate issuer: TEST keys, the signed PDF, the QR payload, the CRL.

Like the rest of the mock it imports nothing from the app; the app's verifier lives in
``desktop.core.certificates`` and shares only the formats, documented in ``qr.py``
(QR payload), ``document.py`` (embedded claims) and ``issuer.py`` (codes).
"""
