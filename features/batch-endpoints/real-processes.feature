@container-only
Feature: What only real worker processes show
  On the container runtime each compute node is a container and each worker a real process in it,
  so a process can really die in the middle of a mini-batch, a memory limit really kills, and a
  node whose runtime never starts is reported instead of waited on.

  Background:
    Given a workspace "main" in region "westeurope"
    And a compute cluster "cpu-cluster" with 2 nodes
    And the model "mnist" registered from "fixtures/generated/models/digits"
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs"
    And I create the batch endpoint "mnist-batch"
    And deployments use the model "mnist", the environment "digits-env", the compute "cpu-cluster" and the code in "fixtures/scripts"

  @BE-13 @BE-07
  Scenario Outline: A worker that <dies> in the middle of a mini-batch is replaced; the mini-batch is retried, not lost and not written twice
    Given I create the default batch deployment "fragile" of "mnist-batch" running "dies_once.mjs" with:
      | settings.environment_variables | {DIE_ON: "digit-05", DIE_WITH: "<how>"} |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits"
    And the job runs to its end
    Then the job completes
    And 100 files succeeded and 0 failed
    And the output file has 100 lines
    And every file of "fixtures/generated/inputs/digits" appears exactly once in the output, with its label
    And the log "logs/user/error.txt" contains "mini-batch 5, try 1 of 4: WorkerProcessExited: 'node worker-host process000' <message>"
    And the log "logs/sys/node/10.0.0.4/process000.txt" has 1 lines containing "Mini-batch 5: worker 10.0.0.4"
    And the log "logs/sys/node/10.0.0.4/process000.txt" contains "items total=10 succeeded=10 failed=0"
    And the log "logs/sys/node/10.0.0.4/process000.txt" has 1 lines containing "tries=2."

    Examples:
      | dies                         | how     | message                               |
      | is killed with SIGKILL       | SIGKILL | died with <Signals.SIGKILL: 9>        |
      | exits                        | exit    | exited unexpectedly with code 3       |

  # The kernel may take a while to pick the process to kill when memory runs out; the long timeout
  # keeps that wait from being mistaken for a slow run().
  @OD-11
  Scenario: A script that needs more memory than its VM size has is killed with SIGKILL 9; a bigger size fixes it
    Given a compute cluster "small-cluster" with 1 node of size "STANDARD_DS1_V2"
    And a compute cluster "big-cluster" with 1 node of size "STANDARD_DS3_V2"
    And I create the default batch deployment:
      """yaml
      name: hungry
      endpoint_name: mnist-batch
      model: azureml:mnist:1
      environment: azureml:digits-env:1
      code_configuration: { code: fixtures/scripts, scoring_script: eats_memory.mjs }
      compute: azureml:small-cluster
      settings:
        retry_settings: { max_retries: 1, timeout: 3000 }
        environment_variables: { MEMORY_MB: "400" }
      """
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job fails with UserProgramFailed
    And the log "logs/user/error.txt" has 2 lines containing "died with <Signals.SIGKILL: 9>"
    When I update the batch deployment "hungry" of "mnist-batch" with:
      | compute | azureml:big-cluster |
    And I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job completes
    And 10 files succeeded and 0 failed

  @BE-09
  Scenario: A node whose runtime never becomes ready is reported, not waited on forever
    Given compute nodes have 3 seconds to start their runtime
    And the environment "stalled-env" with image "azureml-sim-fixture-stalled:latest" and packages "azureml-core"
    And I create the default batch deployment:
      """yaml
      name: stalled
      endpoint_name: mnist-batch
      model: azureml:mnist:1
      environment: azureml:stalled-env:1
      code_configuration: { code: fixtures/scripts, scoring_script: digit_identification.mjs }
      compute: azureml:cpu-cluster
      """
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job fails with NodeStartFailed
    And the log "azureml-logs/70_driver_log.txt" contains "The runtime of compute node 10.0.0.4 did not start:"
    And the log "logs/sys/master_role.txt" contains "Job result: Failed"

  @BE-17
  Scenario: init() raising in a real process leaves its real stack trace
    Given I create the default batch deployment "broken" of "mnist-batch" running "init_raises.mjs"
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job fails with UserProgramFailed
    And the log "logs/user/error/10.0.0.4/process000.txt" contains "Error: Model file not found: model.pkl"
    And the log "logs/user/error/10.0.0.4/process000.txt" contains "init_raises.mjs:5:9"
