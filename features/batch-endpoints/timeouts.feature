Feature: Mini-batch timeouts and retries
  retry_settings.timeout (30 s by default) is how long a deployment waits for one mini-batch;
  past it the mini-batch is abandoned and retried, up to retry_settings.max_retries (3 by default)
  times. If every try times out, the job fails. Both are set per deployment and by updating it.
  The waits are on the simulator's virtual clock: a job that spends minutes of service time
  timing out takes a fraction of a second.

  Background:
    Given a workspace "main" in region "westeurope"
    And a compute cluster "cpu-cluster" with 4 nodes
    And the model "mnist" registered from "fixtures/generated/models/digits"
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs"
    And I create the batch endpoint "mnist-batch"
    And deployments use the model "mnist", the environment "digits-env", the compute "cpu-cluster" and the code in "fixtures/scripts"

  @BE-13
  Scenario: A run() that takes 45 s times out on every one of its 4 tries and the job fails
    Given I create the default batch deployment "slow" of "mnist-batch" running "slow.mjs" with:
      | settings.environment_variables | {SLEEP_SECONDS: "45", SKIP_MODEL: "1"} |
    When I invoke "mnist-batch" with the local file "fixtures/generated/inputs/single/digit.png"
    And the job runs to its end
    Then the job fails with:
      """
      The run() function in the entry script had timeout for 4 times. Mini-batch 0 was abandoned after every attempt.
      """
    And the log "logs/sys/master_role.txt" has 4 lines containing "No progress update in 30 seconds. No progress update in this check. Wait 30 seconds since last update."
    And the log "logs/user/error.txt" contains "try 4 of 4: run() was abandoned after the timeout of 30 s."
    And the job took at least 120 seconds of service time
    And the job wrote no output file

  @BE-13
  Scenario: Raising the timeout by updating the deployment fixes it
    Given I create the default batch deployment "slow" of "mnist-batch" running "slow.mjs" with:
      | settings.environment_variables | {SLEEP_SECONDS: "45", SKIP_MODEL: "1"} |
    When I update the batch deployment "slow" of "mnist-batch" with:
      | settings.retry_settings.timeout | 60 |
    And I invoke "mnist-batch" with the local file "fixtures/generated/inputs/single/digit.png"
    And the job runs to its end
    Then the job completes
    And the log "logs/sys/master_role.txt" does not contain "No progress update"

  @BE-13
  Scenario Outline: max_retries <retries> gives <tries> tries
    Given I create the default batch deployment "slow" of "mnist-batch" running "slow.mjs" with:
      | settings.environment_variables      | {SLEEP_SECONDS: "45", SKIP_MODEL: "1"} |
      | settings.retry_settings.max_retries | <retries>                              |
      | settings.retry_settings.timeout     | 10                                     |
    When I invoke "mnist-batch" with the local file "fixtures/generated/inputs/single/digit.png"
    And the job runs to its end
    Then the job status is Failed
    And the log "logs/sys/master_role.txt" has <tries> lines containing "No progress update in 10 seconds."

    Examples:
      | retries | tries |
      | 0       | 1     |
      | 5       | 6     |

  @BE-13
  Scenario: A script that hangs without ever yielding is cut off all the same
    Given I create the default batch deployment "hang" of "mnist-batch" running "hangs.mjs" with:
      | settings.retry_settings.max_retries | 1 |
      | settings.retry_settings.timeout     | 5 |
    When I invoke "mnist-batch" with the local file "fixtures/generated/inputs/single/digit.png"
    And the job runs to its end
    Then the job fails with RunTimedOut
    And the log "logs/sys/master_role.txt" has 2 lines containing "No progress update in 5 seconds."

  @BE-13
  Scenario: Mini-batches within the timeout are not retried
    Given I create the default batch deployment "slow" of "mnist-batch" running "slow.mjs" with:
      | settings.environment_variables | {SLEEP_SECONDS: "20", SKIP_MODEL: "1"} |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job completes
    And the log "logs/sys/node/10.0.0.4/process000.txt" contains "tries=1."
