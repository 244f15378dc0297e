Feature: Batch endpoint names, types, profiles and routing
  An endpoint name is unique in its region; deleting an endpoint only marks it for deletion. The
  2021 preview CLI addressed every endpoint as online unless told --type batch, and did not let an
  existing batch endpoint change its model, code, environment or compute. An invocation goes to
  the endpoint's default deployment or to the one its azureml-model-deployment header names.

  Background:
    Given a workspace "main" in region "westeurope"
    And a compute cluster "cpu-cluster" with 4 nodes
    And the model "mnist" registered from "fixtures/generated/models/digits"
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs"
    And deployments use the model "mnist", the environment "digits-env", the compute "cpu-cluster" and the code in "fixtures/scripts"

  @BE-05
  Scenario: A name being deleted cannot be reused in the same region
    Given I create the batch endpoint "scoring"
    When I delete the batch endpoint "scoring"
    Then the batch endpoint "scoring" is Deleting
    When I create the batch endpoint "scoring"
    Then the request is refused with 409 EndpointNameUnavailable:
      """
      The provided endpoint name 'scoring' exists or is being deleted in region 'westeurope'. Create a batch endpoint with a new name.
      """
    When I create the batch endpoint "scoring-v2"
    Then the request succeeds

  @BE-05
  Scenario: A name in use in one workspace is taken for the whole region
    Given I create the batch endpoint "scoring"
    And a workspace "other" in region "westeurope"
    When I create the batch endpoint "scoring"
    Then the request is refused with 409 EndpointNameUnavailable

  @BE-05
  Scenario: Another region may use the same name
    Given I create the batch endpoint "scoring"
    And I delete the batch endpoint "scoring"
    And a workspace "eastern" in region "eastus"
    When I create the batch endpoint "scoring"
    Then the request succeeds

  @BE-05
  Scenario: Once the deletion has finished the name is free again
    Given I create the batch endpoint "scoring"
    And I delete the batch endpoint "scoring"
    When 5 minutes pass
    And I create the batch endpoint "scoring"
    Then the request succeeds

  @BE-03
  Scenario: Without --type batch, the preview CLI looks for an online endpoint and finds nothing
    Given I create the batch endpoint "mnist-batch"
    When I show the endpoint "mnist-batch"
    Then the request is refused with 404 ResourceNotFound:
      """
      Resource not found: no online endpoint named 'mnist-batch' in workspace 'main'.
      """
    When I show the endpoint "mnist-batch" with --type batch
    Then the endpoint "mnist-batch" is found as a batch endpoint

  @BE-02
  Scenario: In the current service, a deployment's model is updated in place
    Given the model "mnist" registered from "fixtures/generated/models/digits"
    And I create the batch endpoint "mnist-batch"
    And I create the batch deployment "classifier" of "mnist-batch" running "digit_identification.mjs"
    When I update the batch deployment "classifier" of "mnist-batch" with:
      | model | azureml:mnist:1 |
    Then the request succeeds
    And the deployment "classifier" of "mnist-batch" uses the model "mnist:1"

  @BE-21
  Scenario: Without a default deployment or a deployment header there is nowhere to route
    Given I create the batch endpoint "mnist-batch"
    And I create the batch deployment "classifier" of "mnist-batch" running "digit_identification.mjs"
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    Then the request is refused with 400 NoValidDeployments:
      """
      No valid deployments to route to. Please check that the endpoint has at least one deployment with positive weight values or use a deployment specific header to route.
      """

  @BE-21
  Scenario: The azureml-model-deployment header routes to a named deployment
    Given I create the batch endpoint "mnist-batch"
    And I create the batch deployment "classifier" of "mnist-batch" running "digit_identification.mjs"
    When I invoke "mnist-batch" with:
      | input_type | uri_folder                             |
      | input_path | fixtures/generated/inputs/digits-small |
      | deployment | classifier                             |
    And the job runs to its end
    Then the job completes

  @BE-21
  Scenario: Setting the default deployment fixes routing
    Given I create the batch endpoint "mnist-batch"
    And I create the batch deployment "classifier" of "mnist-batch" running "digit_identification.mjs"
    When I set the default deployment of "mnist-batch" to "classifier"
    And I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job completes
    And 10 files succeeded and 0 failed
