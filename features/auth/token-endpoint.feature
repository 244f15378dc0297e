@auth @rest-api
Feature: The Microsoft Entra ID token endpoint
  The simulator is its own directory: OpenID metadata, JWKS and the OAuth2 token endpoint at
  login.microsoftonline.com's paths. An app registration signs in with the client-credentials
  grant and gets a signed JWT for one resource. Signature, issuer, tenant, audience and expiry are
  checked on every call; expiry on the virtual clock.

  Background:
    Given the simulator serves its REST API

  Scenario: A wrong client secret is refused as Entra refuses it
    When I sign in with the app registration and the secret "not-the-secret"
    Then the request is refused with 401 invalid_client
    And the error message contains "AADSTS7000215: Invalid client secret provided."

  Scenario: An unknown tenant is refused
    When I ask the token endpoint of tenant "11111111-2222-3333-4444-555555555555" for a token
    Then the request is refused with 400 invalid_request
    And the error message contains "AADSTS90002: Tenant '11111111-2222-3333-4444-555555555555' not found."

  Scenario: The keys that sign the tokens are published
    When I send GET "/{tenant}/discovery/v2.0/keys"
    Then the answer is 200
    And the answer's "keys.0.alg" is "ES256"
    When I send GET "/{tenant}/v2.0/.well-known/openid-configuration"
    Then the answer's "token_endpoint" ends with "/oauth2/v2.0/token"

  @BE-20
  Scenario: A token expires on the virtual clock
    Given I sign in with the app registration for "https://management.azure.com"
    When I send GET "{workspace}/batchEndpoints"
    Then the answer is 200
    When I advance the clock by 61 minutes
    And I send GET "{workspace}/batchEndpoints"
    Then the request is refused with 401 InvalidToken:
      """
      The access token is not valid: the token has expired
      """
