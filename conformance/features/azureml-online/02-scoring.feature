@azureml-online
Feature: 02 Scoring, request ids and the swagger document
  POST /score hands the body to run() and answers what run() returned, as JSON. The request id a
  client sends in x-ms-request-id comes back; when it sends none, the runtime makes one.

  Background:
    Given the runtime under test serves the fixture "online-digits"
    And it is ready

  @AO-03
  Scenario: run()'s answer for a digit is the golden one
    When I send POST "/score" with the golden request "online-digits"
    Then the answer is 200
    And the answer matches the golden response "online-digits"

  @AO-04
  Scenario: The request id comes back; one is made when none is sent
    When I send POST "/score" with the header "x-ms-request-id" set to "conformance-0001" and the golden request "online-digits"
    Then the answer's header "x-ms-request-id" is "conformance-0001"
    When I send POST "/score" with the golden request "online-digits"
    Then the answer has the header "x-ms-request-id"

  @AO-05
  Scenario: The swagger document lists the scoring route
    When I send GET "/swagger.json"
    Then the answer is 200
    And the answer's "openapi" starts with "3."
    And the answer's "paths./score.post" is an object
