@azureml-batch
Feature: 01 The entry script contract on the batch routes
  A batch job runs the entry script in the runtime's worker processes: init() once per process,
  run() once per mini-batch, every input returned or counted as failed, output printed by the
  script kept in the log tree. These checks run real jobs of the simulator against the runtime
  under test.

  Background:
    Given a workspace "conformance" in region "westeurope"
    And a compute cluster "cpu-cluster" with 2 nodes
    And the model "mnist" registered from "fixtures/generated/models/digits"
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs"
    And I create the batch endpoint "mnist-batch"
    And deployments use the model "mnist", the environment "digits-env", the compute "cpu-cluster" and the code in "fixtures/scripts"

  @AB-01 @BE-07
  Scenario: init() once per worker, before any run(); run() once per mini-batch
    Given I create the default batch deployment "lifecycle" of "mnist-batch" running "lifecycle.mjs" with:
      | resources.instance_count              | 2 |
      | settings.max_concurrency_per_instance | 2 |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits"
    And the job runs to its end
    Then the job completes
    And 10 mini-batches were created and 10 processed
    And every worker called init() once, before its first run(), and run() once per mini-batch

  @AB-03 @BE-07
  Scenario: Every input is in the output exactly once
    Given I create the default batch deployment "classifier" of "mnist-batch" running "digit_identification.mjs" with:
      | settings.mini_batch_size | 7 |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits"
    And the job runs to its end
    Then the job completes
    And the output file has 100 lines
    And every file of "fixtures/generated/inputs/digits" appears exactly once in the output, with its label

  @AB-07 @BE-09
  Scenario: What the script prints is kept in the log tree
    Given I create the default batch deployment "chatty" of "mnist-batch" running "logging.mjs"
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job completes
    And the log "logs/user/stdout/10.0.0.4/process000.stdout.txt" has 2 lines containing "WARNING:azureml:Warning log statement"
    And the log "logs/user/stderr/10.0.0.4/process000.stderr.txt" contains "stderr line"
