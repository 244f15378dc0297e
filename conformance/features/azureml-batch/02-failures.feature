@azureml-batch
Feature: 02 Failures on the batch routes
  A run() past the timeout is cut off and retried; init() raising, corrupt inputs under the
  code-free MLflow driver, and run() returning nothing fail the job with the documented messages.

  Background:
    Given a workspace "conformance" in region "westeurope"
    And a compute cluster "cpu-cluster" with 2 nodes
    And the model "mnist" registered from "fixtures/generated/models/digits"
    And the MLflow model "mnist-mlflow" registered from "fixtures/generated/models/digits-mlflow"
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs"
    And I create the batch endpoint "mnist-batch"
    And deployments use the model "mnist", the environment "digits-env", the compute "cpu-cluster" and the code in "fixtures/scripts"

  @AB-02 @BE-13
  Scenario: A run() past the timeout is cut off, retried, then counted as failed
    Given I create the default batch deployment "slow" of "mnist-batch" running "slow.mjs" with:
      | settings.environment_variables      | {SLEEP_SECONDS: "45", SKIP_MODEL: "1"} |
      | settings.retry_settings.max_retries | 1                                      |
    When I invoke "mnist-batch" with the local file "fixtures/generated/inputs/single/digit.png"
    And the job runs to its end
    Then the job fails with:
      """
      The run() function in the entry script had timeout for 2 times. Mini-batch 0 was abandoned after every attempt.
      """
    And the log "logs/sys/master_role.txt" has 2 lines containing "No progress update in 30 seconds."

  @AB-04 @BE-17
  Scenario: init() raising fails the job; the trace is in logs/user/error
    Given I create the default batch deployment "broken" of "mnist-batch" running "init_raises.mjs"
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job fails with UserProgramFailed
    And the log "logs/user/error/10.0.0.4/process000.txt" contains "Model file not found: model.pkl"

  @AB-05 @BE-18
  Scenario: Corrupt files under the code-free MLflow driver
    Given I create the default batch deployment:
      """yaml
      name: code-free
      endpoint_name: mnist-batch
      model: azureml:mnist-mlflow:1
      compute: azureml:cpu-cluster
      """
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/corrupt"
    And the job runs to its end
    Then the job fails with UserProgramFailed
    And the log "logs/user/error.txt" contains "ValueError: No objects to concatenate"

  @AB-06 @BE-19
  Scenario: run() returning nothing fails the job
    Given I create the default batch deployment "empty" of "mnist-batch" running "returns_nothing.mjs"
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job fails with:
      """
      No succeeded mini batch item returned from run(). Please check 'response: run()' in https://aka.ms/batch-inference-documentation
      """
