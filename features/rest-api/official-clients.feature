@rest-api
Feature: Real clients drive the simulator as they drive Azure
  The simulator serves Azure Resource Manager's paths for Microsoft.MachineLearningServices, a
  Microsoft Entra ID token endpoint and the scoring data plane. A client program written for
  Azure, with the official @azure/identity and @azure/arm-machinelearning packages, runs against
  it unchanged: pointed at `npm run simulator` by configuration (authority host, ARM endpoint,
  the certificate to trust), or calling the real Azure hostnames that nock hands to an
  in-process simulator.

  The program creates a compute cluster, registers a model, code, an environment and data,
  creates a batch endpoint and its default deployment (each a long-running operation it polls),
  reads them back, invokes the endpoint with a token for https://ml.azure.com and polls the job.

  @BE-20
  Scenario: The official SDK against the simulator started with npm run simulator
    Given the simulator is started with "npm run simulator"
    When a client program deploys "fixtures/generated/models/digits" with the official SDK, runs "digit_identification.mjs" on "fixtures/scripts" and scores "fixtures/generated/inputs/digits-small"
    Then the SDK read back the compute "cpu-cluster" as AmlCompute of size "STANDARD_DS3_V2" with a managed identity
    And the SDK read back the batch endpoint "mnist-batch" as Succeeded with the default deployment "blue"
    And the endpoint's scoring URI is on "the simulator"
    And the SDK read back the deployment "blue" with mini-batches of 10 and a retry timeout of "PT30S"
    And the job went from Queued to Completed
    And the job scored 10 items and failed 0
    And the job's output file has 10 lines

  @BE-20
  Scenario: Unmodified code calling the real Azure hostnames reaches the simulator through nock
    Given the real Azure hosts are intercepted by nock for an in-process simulator
    When a client program deploys "fixtures/generated/models/digits" with the official SDK, runs "digit_identification.mjs" on "fixtures/scripts" and scores "fixtures/generated/inputs/digits-small"
    Then the SDK read back the compute "cpu-cluster" as AmlCompute of size "STANDARD_DS3_V2" with a managed identity
    And the SDK read back the batch endpoint "mnist-batch" as Succeeded with the default deployment "blue"
    And the endpoint's scoring URI is on "mnist-batch.westeurope.inference.ml.azure.com"
    And the job went from Queued to Completed
    And the job scored 10 items and failed 0
    And the job's output file has 10 lines
