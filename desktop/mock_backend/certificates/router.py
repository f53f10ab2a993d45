"""HTTP routes for certificates: the individual's portal, redeem, and trust data.

- ``POST /api/v1/individual/login`` {national_id, password} → {access_token, ...}
  (demo: any checksum-valid national ID, password ``demo-pass``)
- ``POST /api/v1/individual/certificates`` (individual's Bearer) → 201
  {serial, tracking_code, usage_password, issued_at, expires_at}
- ``POST /api/v1/certificates/redeem`` (clerk's Bearer, scope ``redeem``)
  {tracking_code, usage_password} → {serial, tracking_code, issued_at, expires_at,
  redeemed_at, claims, pdf_base64}
- ``GET /api/v1/trust/roots`` and ``/trust/signers`` → PEM bundles;
  ``GET /api/v1/trust/crl`` → the DER CRL (application/pkix-crl)
- ``POST /_mock/revoke`` {serial} → 204, with the test endpoints only

No ``from __future__ import annotations`` here: FastAPI must see the dependencies in
the routes' annotations as objects, and they are local to ``install_certificates``.
"""

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from ..accounts import Principal
from ..config import MockConfig
from ..problems import ProblemError
from ..store import Store
from .issuer import Issuer

PEM_MEDIA_TYPE = "application/x-pem-file"
CRL_MEDIA_TYPE = "application/pkix-crl"

_bearer = HTTPBearer(auto_error=False, description="The individual's access token.")


class IndividualLogin(BaseModel):
    national_id: str = Field(examples=["0012345679"])
    password: str


class IndividualToken(BaseModel):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int


class IssuedCertificate(BaseModel):
    serial: str = Field(description="16 digits")
    tracking_code: str = Field(description="YYYY-NNNN-NNNC: Jalali year, 7 digits, Luhn digit")
    usage_password: str = Field(description="8 characters, case-insensitive")
    issued_at: str
    expires_at: str


class RedeemRequest(BaseModel):
    tracking_code: str = Field(examples=["1405-1234-5674"], max_length=40)
    usage_password: str = Field(max_length=64)


class Redeemed(BaseModel):
    serial: str
    tracking_code: str
    issued_at: str
    expires_at: str
    redeemed_at: str
    claims: dict[str, Any] = Field(description="The PDF's embedded claims.json")
    pdf_base64: str = Field(description="The signed certificate PDF, base64")


class RevokeRequest(BaseModel):
    serial: str


def install_certificates(app: FastAPI, store: Store, config: MockConfig, redeemer: Any) -> Issuer:
    """Add the certificate routes; ``redeemer`` is the app's scope("redeem") dependency."""
    from ..app import API_PREFIX, COMMON_PROBLEMS, errors  # the app imports this one first

    issuer = Issuer(store, config)
    app.state.issuer = issuer
    common = COMMON_PROBLEMS
    router = APIRouter(prefix=API_PREFIX)

    def individual(
        creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> str:
        return issuer.individual(creds.credentials if creds else None)

    @router.post(
        "/individual/login",
        tags=["individual"],
        summary="Sign in as an individual (mock portal; no second factor)",
        response_model=IndividualToken,
        responses=errors(*common, "invalid-credentials", "invalid-national-id"),
    )
    def individual_login(body: IndividualLogin) -> dict[str, Any]:
        return issuer.individual_login(body.national_id, body.password)

    @router.post(
        "/individual/certificates",
        tags=["individual"],
        summary="Obtain a signed certificate of one's own insurance status",
        status_code=201,
        response_model=IssuedCertificate,
        responses=errors(*common, "token-expired", "token-invalid"),
    )
    def obtain(national_id: Annotated[str, Depends(individual)]) -> dict[str, Any]:
        return issuer.issue(national_id).to_json()

    @router.post(
        "/certificates/redeem",
        tags=["certificates"],
        summary="Fetch a certificate by its tracking code and usage password",
        response_model=Redeemed,
        responses=errors(
            *common,
            "token-expired",
            "token-invalid",
            "forbidden-scope",
            "code-locked",
            "usage-password-invalid",
            "certificate-expired",
            "certificate-revoked",
            "too-many-attempts",
        ),
    )
    def redeem(body: RedeemRequest, who: Annotated[Principal, Depends(redeemer)]) -> dict[str, Any]:
        result = issuer.redeem(
            body.tracking_code,
            body.usage_password,
            agency_id=who.agency_id,
            username=who.username,
        )
        result["pdf_base64"] = base64.b64encode(result.pop("pdf")).decode("ascii")
        return result

    pem_response: dict[int | str, dict[str, Any]] = {200: {"content": {PEM_MEDIA_TYPE: {}}}}

    @router.get(
        "/trust/roots",
        tags=["trust"],
        summary="The root certificates certificate signers chain to (PEM bundle)",
        response_class=Response,
        responses={**pem_response, **errors(*common)},
    )
    def roots() -> Response:
        return Response(issuer.keys.root_pem, media_type=PEM_MEDIA_TYPE)

    @router.get(
        "/trust/signers",
        tags=["trust"],
        summary="The certificate-signing certificates (PEM bundle), for QR-only checks",
        response_class=Response,
        responses={**pem_response, **errors(*common)},
    )
    def signers() -> Response:
        return Response(issuer.keys.signer_pem, media_type=PEM_MEDIA_TYPE)

    @router.get(
        "/trust/crl",
        tags=["trust"],
        summary="The signed revocation list of certificate serials (DER X.509 CRL)",
        response_class=Response,
        responses={200: {"content": {CRL_MEDIA_TYPE: {}}}, **errors(*common)},
    )
    def crl() -> Response:
        return Response(
            issuer.crl(),
            media_type=CRL_MEDIA_TYPE,
            headers={"Cache-Control": "no-cache"},
        )

    app.include_router(router)

    if config.test_endpoints_enabled:
        test_router = APIRouter(prefix="/_mock", include_in_schema=False)

        @test_router.post("/revoke", status_code=204, response_class=Response)
        def revoke(body: RevokeRequest) -> Response:
            if not issuer.revoke(body.serial):
                raise ProblemError("not-found", f"No certificate has serial {body.serial}.")
            return Response(status_code=204)

        app.include_router(test_router)
    return issuer
