@oip-v2
Feature: 01 Health and metadata (Open Inference Protocol, REST)
  Health answers carry their result in the status code. The server and model metadata describe
  what is served: the model's inputs and outputs with their names, datatypes and shapes (-1 for a
  dimension of any size).

  Background:
    Given the runtime under test serves the fixture "oip-digits"
    And it is ready

  @OIP-01
  Scenario: Server live
    When I send GET "/v2/health/live"
    Then the answer is 200

  @OIP-02
  Scenario: Server ready
    When I send GET "/v2/health/ready"
    Then the answer is 200

  @OIP-03
  Scenario: Server metadata
    When I send GET "/v2"
    Then the answer is 200
    And the answer's "name" is a string
    And the answer's "version" is a string
    And the answer's "extensions" is an array

  @OIP-04
  Scenario: Model metadata, with and without the version
    When I send GET "/v2/models/digits"
    Then the answer is 200
    And the answer's "name" is "digits"
    And the answer's "inputs.0" is {"name":"input","datatype":"FP32","shape":[-1,784]}
    And the answer's "outputs.0" is {"name":"probabilities","datatype":"FP32","shape":[-1,10]}
    When I send GET "/v2/models/digits/versions/1"
    Then the answer is 200
    And the answer's "versions" is an array

  @OIP-05
  Scenario: Model ready, with and without the version
    When I send GET "/v2/models/digits/ready"
    Then the answer is 200
    When I send GET "/v2/models/digits/versions/1/ready"
    Then the answer is 200

  @OIP-11 @strict
  Scenario: Health answers have an empty body (strict)
    When I send GET "/v2/health/live"
    Then the answer's body is empty
    When I send GET "/v2/health/ready"
    Then the answer's body is empty

  @OIP-11 @kserve
  Scenario: Health answers are empty or KServe's {"live": true} / {"ready": true} (kserve)
    When I send GET "/v2/health/live"
    Then the answer's body is empty or {"live":true}
    When I send GET "/v2/health/ready"
    Then the answer's body is empty or {"ready":true}
