@rest-api
Feature: The control surface: faults, snapshots, reset and isolation
  Under /_sim, never an Azure path, a test steers the simulator: it injects faults into chosen
  operations (status, error code, probability with a seed so a run repeats, latency, a count),
  takes a snapshot of the state and restores it, resets it, and moves the virtual clock. Each
  simulator instance has its own state, so scenarios run side by side.

  Background:
    Given the simulator serves its REST API
    And I sign in with the app registration for "https://management.azure.com"

  Scenario: A fault rule answers in place of the operation, as many times as it says
    Given the fault rule:
      """json
      { "operation": "GET computes", "status": 503, "code": "ServiceUnavailable", "count": 2 }
      """
    And a compute cluster "cpu-cluster" with 2 nodes
    When I send GET "{workspace}/computes/cpu-cluster" 3 times
    Then the answers were "503, 503, 200"
    And the first answer's "error.code" was "ServiceUnavailable"

  Scenario: A rule with a probability fails the same requests again for the same seed
    Given the fault rule:
      """json
      { "operation": "LIST batchEndpoints", "status": 429, "probability": 0.5, "seed": 42 }
      """
    When I send GET "{workspace}/batchEndpoints" 20 times
    Then some answers were 429 and some 200
    When I clear the fault rules and add the same rule again
    And I send GET "{workspace}/batchEndpoints" 20 times
    Then the answers were the same as before

  Scenario: The official SDK rides out injected 503s with its own retry policy
    Given the real Azure hosts are intercepted by nock for an in-process simulator
    And the fault rule:
      """json
      { "operation": "PUT batchEndpoints", "status": 503, "code": "ServiceUnavailable", "count": 1 }
      """
    When a client program deploys "fixtures/generated/models/digits" with the official SDK, runs "digit_identification.mjs" on "fixtures/scripts" and scores "fixtures/generated/inputs/digits-small"
    Then the SDK read back the batch endpoint "mnist-batch" as Succeeded with the default deployment "blue"
    And the fault rule on "PUT batchEndpoints" fired 1 time

  @storage
  Scenario: A snapshot restores the state as it was: resources, identities, ended jobs and their logs
    Given a compute cluster "cpu-cluster" with 2 nodes
    And the model "mnist" registered from "fixtures/generated/models/digits"
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs"
    And I create the batch endpoint "mnist-batch"
    And deployments use the model "mnist", the environment "digits-env", the compute "cpu-cluster" and the code in "fixtures/scripts"
    And I create the default batch deployment "classifier" of "mnist-batch" running "digit_identification.mjs"
    And I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    When I take a snapshot
    And I reset the simulator
    And I send GET "{workspace}/batchEndpoints/mnist-batch"
    Then the request is refused with 404 ResourceNotFound
    When I restore the snapshot
    And I send GET "{workspace}/batchEndpoints/mnist-batch/deployments/classifier"
    Then the answer is 200
    When I send GET "{workspace}/computes/cpu-cluster"
    Then the compute's identity is the one it had before the snapshot
    When I send GET "{workspace}/jobs/{job}"
    Then the answer's "properties.status" is "Completed"
    And the job's logs are the ones it had before the snapshot

  Scenario: A snapshot is refused while a job runs
    Given a compute cluster "cpu-cluster" with 2 nodes
    And the model "mnist" registered from "fixtures/generated/models/digits"
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs"
    And I create the batch endpoint "mnist-batch"
    And deployments use the model "mnist", the environment "digits-env", the compute "cpu-cluster" and the code in "fixtures/scripts"
    And I create the default batch deployment "classifier" of "mnist-batch" running "digit_identification.mjs"
    And I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    When I send GET "/_sim/snapshot"
    Then the request is refused with 409 SnapshotBusy
    And the error message contains "is Queued"

  Scenario: Two simulators in one process do not see each other's state
    Given a compute cluster "cpu-cluster" with 2 nodes
    Then another simulator in this process has no compute "cpu-cluster"
