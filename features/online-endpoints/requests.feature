Feature: Scoring requests and their errors
  A deployed model answers POSTs to its scoring URI with run(input_data). A run() that raises or a
  process that dies is a 502; a request past the request timeout (one minute by default) a 504.
  run() may catch its errors and return them in the body, for debugging only: in production the
  details stay hidden. Traffic splits requests between deployments; the azureml-model-deployment
  header picks one.

  Background:
    Given a workspace "main" in region "westeurope"
    And the model "mnist" registered from "fixtures/generated/models/digits"
    And the environment "online-env" with packages "azureml-core, onnxruntime"
    And I create the online endpoint:
      """yaml
      name: mnist-online
      """
    And I create the online deployment:
      """yaml
      name: blue
      endpoint_name: mnist-online
      model: azureml:mnist:1
      code_configuration: { code: fixtures/scripts/online, scoring_script: score.mjs }
      environment: azureml:online-env:1
      """
    And the deployment comes up
    And I send "{blue: 100}" traffic to "mnist-online"

  @OD-01
  Scenario: run() scores each request
    When I score the image "fixtures/generated/inputs/single/digit.png" on "mnist-online"
    Then the response is 200 with the body "{\"result\": [7]}"

  @OD-08
  Scenario: run() raising gives 502; the stack trace stays in the service logs
    When I send "{\"fail\": true}" to "mnist-online"
    Then the response is 502 with the message:
      """
      run() failed: Error: run() failed on purpose
      """
    And the response does not contain "score.mjs"
    And the service logs contain "blue-0: run() raised:"

  @OD-08
  Scenario: A worker that dies gives 502, then the replica restarts and serves again
    When I send "{\"exit\": true}" to "mnist-online"
    Then the response is 502 with the message:
      """
      run() failed: WorkerProcessExited: 'node worker-host process000' exited unexpectedly with code 3
      """
    When 1 minute passes
    And I score the image "fixtures/generated/inputs/single/digit.png" on "mnist-online"
    Then the response is 200 with the body "{\"result\": [7]}"
    And the service logs contain "blue-0: restarting (restart 1)."

  @OD-10
  Scenario: A request past the timeout of one minute gives 504
    When I send "{\"sleep\": 90, \"data\": []}" to "mnist-online"
    Then the response is 504 with the message:
      """
      The request exceeded the timeout of 60000 ms.
      """

  @OD-10
  Scenario: The fix: a longer request timeout
    Given I create the online deployment:
      """yaml
      name: patient
      endpoint_name: mnist-online
      model: azureml:mnist:1
      code_configuration: { code: fixtures/scripts/online, scoring_script: score.mjs }
      environment: azureml:online-env:1
      request_settings: { request_timeout_ms: 120000 }
      """
    And the deployment comes up
    When I send "{\"sleep\": 90, \"data\": []}" to "mnist-online" with the header azureml-model-deployment: "patient"
    Then the response is 200 with the body "{\"result\": []}"

  @OD-07
  Scenario Outline: run() catching its errors returns them in the body (<mode>)
    Given I create the online deployment:
      """yaml
      name: debug
      endpoint_name: mnist-online
      model: azureml:mnist:1
      code_configuration: { code: fixtures/scripts/online, scoring_script: score.mjs }
      environment: azureml:online-env:1
      environment_variables: <variables>
      """
    And the deployment comes up
    When I send "{\"fail\": true}" to "mnist-online" with the header azureml-model-deployment: "debug"
    Then the response is 200 with the body "<body>"

    Examples:
      | mode                                  | variables                              | body                                                  |
      | debugging: the details are returned   | { CATCH_ERRORS: "1" }                  | {\"error\": \"Error: run() failed on purpose\"}       |
      | production: the details are hidden    | { CATCH_ERRORS: "1", PRODUCTION: "1" } | {\"error\": \"An error occurred.\"}                  |

  Scenario: Traffic splits requests exactly; the header picks a deployment; mirror traffic copies some
    Given I create the online deployment:
      """yaml
      name: green
      endpoint_name: mnist-online
      model: azureml:mnist:1
      code_configuration: { code: fixtures/scripts/online, scoring_script: score.mjs }
      environment: azureml:online-env:1
      """
    And the deployment comes up
    And I create the online deployment:
      """yaml
      name: shadow
      endpoint_name: mnist-online
      model: azureml:mnist:1
      code_configuration: { code: fixtures/scripts/online, scoring_script: score.mjs }
      environment: azureml:online-env:1
      """
    And the deployment comes up
    When I send "{blue: 80, green: 20}" traffic and "{shadow: 10}" mirror traffic to "mnist-online"
    And I send 50 requests "{\"data\": []}" to "mnist-online"
    Then 40 responses came from "blue" and 10 from "green"
    And "shadow" of "mnist-online" received 5 mirrored copies

  Scenario: Traffic must sum to 100 over existing deployments
    When I send "{blue: 80}" traffic to "mnist-online"
    Then the request is refused with 400 TrafficInvalid:
      """
      Traffic must name existing deployments and sum to 100, got {"blue":80}.
      """

  Scenario: A wrong key is refused
    When I send "{\"data\": []}" to "mnist-online" with the key "not-a-key"
    Then the request is refused with 401 InvalidKey
