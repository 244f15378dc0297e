@reliability
Feature: Jobs under chaos lose nothing
  Chaos mode wraps the scenario's runtime and injects faults drawn from a seed: a worker killed in
  the middle of a mini-batch, a worker slow past the timeout, a failed read of an input from
  storage, a corrupt input file. On the container runtime the kills and timeouts stop real
  processes. Whatever happens, every input is in the output exactly once or counted as failed
  exactly once, no row is written twice, the job's end agrees with error_threshold, and the log
  tree says the same counts. (runtime/chaos/chaos.test.ts checks the same on 200 seeded jobs.)

  Background:
    Given chaos mode with seed 7: workers killed in 15% of mini-batches, slow in 10%, storage reads failing in 5%, 10% of the files corrupt
    And a workspace "main" in region "westeurope"
    And a compute cluster "cpu-cluster" with 2 nodes
    And the model "mnist" registered from "fixtures/generated/models/digits"
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs"
    And I create the batch endpoint "mnist-batch"
    And deployments use the model "mnist", the environment "digits-env", the compute "cpu-cluster" and the code in "fixtures/scripts"

  @BE-13 @BE-07
  Scenario: With no error_threshold, the job completes and accounts for every file
    Given I create the default batch deployment "classifier" of "mnist-batch" running "digit_identification.mjs" with:
      | resources.instance_count              | 2  |
      | settings.max_concurrency_per_instance | 2  |
      | settings.mini_batch_size              | 5  |
      | settings.error_threshold              | -1 |
      | settings.retry_settings.max_retries   | 2  |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits"
    And the job runs to its end
    Then faults were injected
    And every file of "fixtures/generated/inputs/digits" is in the output exactly once or counted as failed, as error_threshold -1 and max_retries 2 say, and the logs agree

  @BE-13 @BE-07
  Scenario: With a tight error_threshold, the job stops as the threshold says, and still loses nothing
    Given I create the default batch deployment "classifier" of "mnist-batch" running "digit_identification.mjs" with:
      | settings.mini_batch_size            | 5 |
      | settings.error_threshold            | 2 |
      | settings.retry_settings.max_retries | 1 |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits"
    And the job runs to its end
    Then faults were injected
    And every file of "fixtures/generated/inputs/digits" is in the output exactly once or counted as failed, as error_threshold 2 and max_retries 1 say, and the logs agree
