@azureml-online
Feature: 03 run() failures and timeouts
  A run() that raises answers 500 with x-ms-run-function-failed: True and a JSON message. A run()
  longer than the scoring timeout (the fixture sets SCORING_TIMEOUT_MS to 1000) answers 500
  "Scoring timeout after 1000 ms", and the runtime scores again afterwards. Error bodies never
  carry a stack trace.

  Background:
    Given the runtime under test serves the fixture "online-digits"
    And it is ready

  @AO-06
  Scenario: run() raising answers 500 and says run() failed
    When I send POST "/score" with:
      """json
      { "fail": true }
      """
    Then the answer is 500
    And the answer's header "x-ms-run-function-failed" is "True"
    And the answer's "message" contains "run() failed on purpose"

  @AO-07
  Scenario: A run() past the scoring timeout answers 500, and the runtime scores again
    When I send POST "/score" with:
      """json
      { "sleep": 5 }
      """
    Then the answer is 500
    And the answer's "message" is "Scoring timeout after 1000 ms"
    Given it is ready
    When I send POST "/score" with the golden request "online-digits"
    Then the answer matches the golden response "online-digits"

  @AO-09
  Scenario: Error bodies carry no stack trace
    When I send POST "/score" with:
      """json
      { "fail": true }
      """
    Then the answer is 500
    And the answer's body holds no stack trace
