@oip-v2
Feature: 02 Inference (Open Inference Protocol, REST)
  An inference request names each input tensor with its datatype, shape and data (row-major,
  flat or nested); the answer gives each output the same way, and echoes the request id. A
  request that does not match the model answers 400 with {"error": "..."}; an unknown model
  answers an error status too (404 for KServe and MLServer).

  Background:
    Given the runtime under test serves the fixture "oip-digits"
    And it is ready

  @OIP-06
  Scenario: The outputs for a digit are the golden ones
    When I send POST "/v2/models/digits/infer" with the golden request "oip-digits"
    Then the answer is 200
    And the answer matches the golden response "oip-digits"

  @OIP-07
  Scenario: The request id comes back
    When I send POST "/v2/models/digits/infer" with the golden request "oip-digits" and the id "conformance-42"
    Then the answer is 200
    And the answer's "id" is "conformance-42"

  @OIP-08 @strict
  Scenario: An unknown model answers a client error (strict)
    When I send GET "/v2/models/no-such-model"
    Then the answer is a client error
    And the answer's "error" is a string

  @OIP-08 @kserve @mlserver
  Scenario: An unknown model answers 404 (kserve, mlserver)
    When I send POST "/v2/models/no-such-model/infer" with the golden request "oip-digits"
    Then the answer is 404
    And the answer's "error" is a string

  @OIP-09
  Scenario: A shape that does not match the model answers 400
    When I send POST "/v2/models/digits/infer" with:
      """json
      { "inputs": [{ "name": "input", "datatype": "FP32", "shape": [1, 3], "data": [1, 2, 3] }] }
      """
    Then the answer is 400
    And the answer's "error" is a string

  @OIP-10
  Scenario: A datatype that does not match the model answers 400
    When I send POST "/v2/models/digits/infer" with:
      """json
      { "inputs": [{ "name": "input", "datatype": "INT64", "shape": [1, 784], "data": [[0]] }] }
      """
    Then the answer is 400
    And the answer's "error" is a string
