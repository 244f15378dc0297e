@azureml-online
Feature: 04 init() failures
  An entry script whose init() raises leaves the server up, answering: readiness 503 with the
  reason, and /score 503. A runtime that crashes instead cannot say why. (Liveness itself is
  AO-01's.)

  @AO-08
  Scenario: init() raising: up, not ready, and it says why
    Given the runtime under test serves the fixture "online-init-fails"
    When I wait until the runtime has tried init()
    And I send GET "/ready"
    Then the answer is 503
    And the answer's "message" contains "Model file not found: model.pkl"
    When I send POST "/score" with the golden request "online-digits"
    Then the answer is 503
