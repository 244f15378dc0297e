Feature: The scoring script contract and the errors it can cause
  A scoring script defines init(), called once per worker process before any run(), and
  run(mini_batch), called once per mini-batch with a list of file paths. run() returns one element
  per successfully scored input; the elements are appended to the output, not necessarily in input
  order, so each carries a key. Errors in init() or run() fail the job with a pointer to the logs.

  Background:
    Given a workspace "main" in region "westeurope"
    And a compute cluster "cpu-cluster" with 4 nodes
    And the model "mnist" registered from "fixtures/generated/models/digits"
    And the MLflow model "mnist-mlflow" registered from "fixtures/generated/models/digits-mlflow"
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs"
    And I create the batch endpoint "mnist-batch"
    And deployments use the model "mnist", the environment "digits-env", the compute "cpu-cluster" and the code in "fixtures/scripts"

  @BE-07
  Scenario: init() runs once per worker process, before that worker's first run()
    Given I create the default batch deployment "lifecycle" of "mnist-batch" running "lifecycle.mjs" with:
      | resources.instance_count              | 2 |
      | settings.max_concurrency_per_instance | 2 |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits"
    And the job runs to its end
    Then the job completes
    And 10 mini-batches were created and 10 processed
    And every worker called init() once, before its first run(), and run() once per mini-batch
    And the log "azureml-logs/70_driver_log.txt" has 4 lines containing "calling init()"

  @BE-07
  Scenario: Results come back in the order mini-batches finish, and the key maps them to their inputs
    Given I create the default batch deployment "slow" of "mnist-batch" running "slow.mjs" with:
      | settings.max_concurrency_per_instance | 2 |
      | settings.mini_batch_size              | 5 |
      | settings.retry_settings.timeout       | 3000 |
      | settings.environment_variables        | {SLEEP_PER_FILE: "1", SLOW_FILES: "^digit-00[0-4]", SLOW_SECONDS: "200"} |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job completes
    And every file of "fixtures/generated/inputs/digits-small" appears exactly once in the output, with its label
    And the output is not in input order

  @BE-12
  Scenario: An environment without azureml-core fails at load; adding the package fixes it
    Given the environment "bare-env" with packages "onnxruntime, pngjs"
    And I create the default batch deployment:
      """yaml
      name: bare
      endpoint_name: mnist-batch
      model: azureml:mnist:1
      environment: azureml:bare-env:1
      code_configuration: { code: fixtures/scripts, scoring_script: digit_identification.mjs }
      compute: azureml:cpu-cluster
      """
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job fails with UserProgramFailed
    And the log "logs/user/error.txt" contains "ModuleNotFoundError: No module named 'azureml'"
    Given the environment "bare-env" with packages "azureml-core, onnxruntime, pngjs"
    When I update the batch deployment "bare" of "mnist-batch" with:
      | environment | azureml:bare-env:2 |
    And I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job completes

  @BE-12
  Scenario: A package the script imports must be in the environment too
    Given I create the default batch deployment "needs-pandas" of "mnist-batch" running "needs_package.mjs"
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job fails with UserProgramFailed
    And the log "logs/user/error/10.0.0.4/process000.txt" contains "ModuleNotFoundError: No module named 'pandas'"

  @BE-17
  Scenario: init() raising fails the job; the stack trace is in logs/user/error/<ip>/process000.txt
    Given I create the default batch deployment "broken" of "mnist-batch" running "init_raises.mjs"
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job fails with:
      """
      User program failed with Exception: Run failed. Please check logs for details. You can check logs/readme.txt for the layout of logs.
      """
    And the log "logs/user/error/10.0.0.4/process000.txt" contains "Error: Model file not found: model.pkl"
    And the log "logs/user/error/10.0.0.4/process000.txt" contains "init_raises.mjs"
    And the log "logs/user/error.txt" contains "10.0.0.4 process000 init(): Error: Model file not found: model.pkl"
    And the log "logs/readme.txt" contains "logs/user/error/<ip>/<process>.txt"

  @BE-17
  Scenario: run() raising on every try fails its mini-batch; past the threshold the job fails
    Given I create the default batch deployment "broken" of "mnist-batch" running "run_raises.mjs" with:
      | settings.error_threshold        | 5 |
      | settings.retry_settings.max_retries | 2 |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job fails with:
      """
      The job was aborted: 10 failed files exceed the error_threshold of 5. User program failed with Exception: Run failed. Please check logs for details. You can check logs/readme.txt for the layout of logs.
      """
    And the log "logs/user/error/10.0.0.4/process000.txt" has 3 lines containing "raised:"
    And the log "logs/user/error.txt" contains "mini-batch 0, try 3 of 3: Error: Run failed on purpose: digit-000-0.png"

  @BE-17
  Scenario: run() raising for one mini-batch leaves the others scored
    Given I create the default batch deployment "flaky" of "mnist-batch" running "run_raises.mjs" with:
      | settings.environment_variables | {RAISE_ON: "digit-05"} |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits"
    And the job runs to its end
    Then the job completes
    And 90 files succeeded and 10 failed
    And the output file has 90 lines

  @BE-18
  Scenario: Every file of the mini-batches corrupt, with the code-free MLflow driver
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
    And the log "logs/user/stdout/10.0.0.4/process000.stdout.txt" contains "ERROR:azureml:Error processing input file: 'corrupt-truncated-header.png'"

  @BE-18
  Scenario: Unsupported file types are logged and skipped the same way
    Given I create the default batch deployment:
      """yaml
      name: code-free
      endpoint_name: mnist-batch
      model: azureml:mnist-mlflow:1
      compute: azureml:cpu-cluster
      settings:
        retry_settings: { max_retries: 0 }
      """
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/unsupported"
    And the job runs to its end
    Then the job fails with UserProgramFailed
    And the log "logs/user/error.txt" contains "ValueError: No objects to concatenate"
    And the log "logs/user/stdout/10.0.0.4/process000.stdout.txt" has 5 lines containing "ERROR:azureml:Error processing input file"
    And the log "logs/user/stdout/10.0.0.4/process000.stdout.txt" contains "The file type '.txt' is not supported"

  @BE-18
  Scenario: Corrupt files among good ones fail alone
    Given I create the default batch deployment:
      """yaml
      name: code-free
      endpoint_name: mnist-batch
      model: azureml:mnist-mlflow:1
      compute: azureml:cpu-cluster
      """
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/mixed"
    And the job runs to its end
    Then the job completes
    And 8 files succeeded and 2 failed
    And the log "logs/user/stdout/10.0.0.4/process000.stdout.txt" has 2 lines containing "ERROR:azureml:Error processing input file"

  @BE-19
  Scenario Outline: run() returning <what> fails the job
    Given I create the default batch deployment "empty" of "mnist-batch" running "<script>"
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job fails with:
      """
      No succeeded mini batch item returned from run(). Please check 'response: run()' in https://aka.ms/batch-inference-documentation
      """
    And 0 files succeeded and 10 failed

    Examples:
      | what           | script              |
      | an empty list  | returns_nothing.mjs |
      | nothing (None) | returns_none.mjs    |

  @BE-19
  Scenario: Corrupt files give run() nothing to return; stdout says why
    Given I create the default batch deployment "classifier" of "mnist-batch" running "digit_identification.mjs"
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/corrupt"
    And the job runs to its end
    Then the job fails with NoSucceededMiniBatchItem
    And the log "logs/user/stdout/10.0.0.4/process000.stdout.txt" has 5 lines containing "Error processing input file"

  @BE-19
  Scenario: Input that does not match the model signature gives no result
    Given the MLflow model "heart" registered from "fixtures/generated/models/heart-mlflow"
    And I create the default batch deployment:
      """yaml
      name: heart
      endpoint_name: mnist-batch
      model: azureml:heart:1
      compute: azureml:cpu-cluster
      """
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/heart-bad-signature"
    And the job runs to its end
    Then the job status is Failed
    And 0 files succeeded and 2 failed
    And the log "logs/user/stdout/10.0.0.4/process000.stdout.txt" contains "The input does not match the model signature: missing column(s)"

  @PRS-01
  Scenario Outline: A scoring script without <missing> is rejected when it loads
    Given I create the default batch deployment "incomplete" of "mnist-batch" running "<script>"
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job fails with UserProgramFailed
    And the log "logs/user/error.txt" contains "does not define <missing>: an entry script must define init() and run(mini_batch)."

    Examples:
      | missing | script      |
      | run()   | no_run.mjs  |
      | init()  | no_init.mjs |
