@auth
Feature: Tokens and their audiences
  Microsoft Entra tokens are issued for one resource. Invoking a batch endpoint needs a token for
  https://ml.azure.com; managing endpoints and deployments needs one for
  https://management.azure.com. Using both APIs needs two tokens.

  Background:
    Given a workspace "main" in region "westeurope"
    And a compute cluster "cpu-cluster" with 4 nodes
    And the model "mnist" registered from "fixtures/generated/models/digits"
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs"
    And I create the batch endpoint "mnist-batch"
    And deployments use the model "mnist", the environment "digits-env", the compute "cpu-cluster" and the code in "fixtures/scripts"
    And I create the default batch deployment "classifier" of "mnist-batch" running "digit_identification.mjs"

  @BE-20
  Scenario: Invoking with a token issued for the management API is refused
    Given my token for invocations is issued for "https://management.azure.com"
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    Then the request is refused with 401 AudienceNotAllowed:
      """
      Audiences in JWT are not allowed
      """

  @BE-20
  Scenario: The fix: a token for https://ml.azure.com invokes
    Given my token for invocations is issued for "https://ml.azure.com"
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job completes

  @BE-20
  Scenario: Managing with the invocation token is refused too: both APIs need their own token
    Given I use one token issued for "https://ml.azure.com" for both management and invocations
    When I create the batch endpoint "another-batch"
    Then the request is refused with 401 AudienceNotAllowed
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    Then the request succeeds

  @BE-20
  Scenario: A token for another service entirely is refused
    Given my token for invocations is issued for "https://storage.azure.com"
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    Then the request is refused with 401 AudienceNotAllowed

  @BE-20
  Scenario: An expired token is refused
    Given my token for invocations has expired
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    Then the request is refused with 401 InvalidToken:
      """
      The access token is not valid: the token has expired
      """
