@azureml-online
Feature: 01 Health: liveness, readiness and unknown routes
  A scoring runtime serving one entry script answers liveness at GET / as soon as it accepts
  connections, readiness at GET /ready once init() succeeded, and 404 for anything else.

  Background:
    Given the runtime under test serves the fixture "online-digits"
    And it is ready

  @AO-01
  Scenario: Liveness answers 200
    When I send GET "/"
    Then the answer is 200

  @AO-02
  Scenario: Readiness answers 200 after init() succeeded
    When I send GET "/ready"
    Then the answer is 200

  @AO-10
  Scenario: An unknown route answers 404 with a JSON message
    When I send GET "/no-such-route"
    Then the answer is 404
    And the answer's "message" is a string
