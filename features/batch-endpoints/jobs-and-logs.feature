Feature: The batch scoring job and its logs
  Invoking a batch endpoint returns a job at once; it runs asynchronously and its status can be
  polled. Streaming shows only the azureml-logs folder; job show gives the studio link. The job's
  log tree has a documented layout, and every file in it is written from what really happened.

  Background:
    Given a workspace "main" in region "westeurope"
    And a compute cluster "cpu-cluster" with 4 nodes
    And the model "mnist" registered from "fixtures/generated/models/digits"
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs"
    And I create the batch endpoint "mnist-batch"
    And deployments use the model "mnist", the environment "digits-env", the compute "cpu-cluster" and the code in "fixtures/scripts"

  @BE-08
  Scenario: The invocation returns a queued job at once; its status is polled until it ends
    Given I create the default batch deployment "slow" of "mnist-batch" running "slow.mjs" with:
      | settings.environment_variables  | {SLEEP_SECONDS: "60", SKIP_MODEL: "1"} |
      | settings.retry_settings.timeout | 120                                    |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    Then the invocation returns a job at once, in status Queued
    When 10 seconds pass
    Then the job status is Running
    When the job runs to its end
    Then the job status is Completed

  @BE-08
  Scenario: Streaming shows only azureml-logs; job show gives the studio link
    Given I create the default batch deployment "classifier" of "mnist-batch" running "digit_identification.mjs"
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then streaming the job shows only the azureml-logs folder
    And showing the job gives its studio link

  @BE-09
  Scenario: The log tree of a job with a failing mini-batch
    Given I create the default batch deployment "flaky" of "mnist-batch" running "run_raises.mjs" with:
      | settings.environment_variables      | {RAISE_ON: "digit-05"} |
      | settings.retry_settings.max_retries | 0                     |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits"
    And the job runs to its end
    Then the job completes
    And the job has the logs:
      | azureml-logs/70_driver_log.txt          |
      | logs/readme.txt                         |
      | logs/job_progress_overview.txt          |
      | logs/sys/master_role.txt                |
      | logs/user/error.txt                     |
      | logs/sys/node/10.0.0.4/process000.txt   |
      | logs/user/error/10.0.0.4/process000.txt |
    And the log "logs/job_progress_overview.txt" contains "10 mini batches created so far; 10 mini batches processed so far."
    And the log "logs/job_progress_overview.txt" contains "The job completed: 90 of 100 files succeeded, 10 failed."
    And the log "logs/sys/master_role.txt" contains "Task creation: created 10 mini-batches (tasks) from 100 files."
    And the log "logs/sys/master_role.txt" contains "Progress: 10 of 10 mini-batches processed; 90 files succeeded, 10 failed."
    And the log "logs/user/error.txt" has 1 lines containing "Error: Run failed on purpose: digit-050-0.png"
    And the job has 1 logs under "logs/user/error/"
    And the node logs record each mini-batch with its worker's IP and PID, its counts, start time and durations

  @BE-09 @BE-17
  Scenario: A failed job's overview says why and where to start
    Given I create the default batch deployment "broken" of "mnist-batch" running "init_raises.mjs"
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the log "logs/job_progress_overview.txt" contains "The job failed: User program failed with Exception: Run failed."
    And the log "logs/job_progress_overview.txt" contains "Start troubleshooting with logs/user/error.txt"
    And the log "logs/sys/master_role.txt" contains "Job result: Failed"

  @BE-10
  Scenario: The resource monitor checks every resource_monitor_interval seconds
    Given I create the default batch deployment "slow" of "mnist-batch" running "slow.mjs" with:
      | settings.environment_variables      | {SLEEP_SECONDS: "300", SKIP_MODEL: "1"} |
      | settings.retry_settings.timeout     | 1000                                    |
      | settings.mini_batch_size            | 5                                       |
      | settings.resource_monitor_interval  | 60                                      |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job completes
    And the job has the logs:
      | logs/perf/10.0.0.4/node_disk_usage.csv          |
      | logs/perf/10.0.0.4/node_resource_usage.csv      |
      | logs/perf/10.0.0.4/processes_resource_usage.csv |
      | logs/perf/10.0.0.4/os/2026010509/processes_00   |
      | logs/perf/10.0.0.4/os/2026010509/processes_03   |
    And the resource monitor wrote one check per 60 seconds of the job on node "10.0.0.4"
    And the log "logs/perf/10.0.0.4/os/2026010509/processes_03" contains "entry-script-worker process000 mini-batch 0"

  @BE-10
  Scenario: By default the monitor checks every 600 seconds
    Given I create the default batch deployment "slow" of "mnist-batch" running "slow.mjs" with:
      | settings.environment_variables  | {SLEEP_SECONDS: "500", SKIP_MODEL: "1"} |
      | settings.retry_settings.timeout | 600                                     |
      | settings.mini_batch_size        | 5                                       |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job completes
    And the resource monitor wrote one check per 600 seconds of the job on node "10.0.0.4"

  @BE-10
  Scenario: resource_monitor_interval 0 turns monitoring off
    Given I create the default batch deployment "classifier" of "mnist-batch" running "digit_identification.mjs" with:
      | settings.resource_monitor_interval | 0 |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job completes
    And the job has no log under "logs/perf/"

  @BE-11
  Scenario Outline: logging_level <level> reaches the script; its output lands in logs/user/stdout
    Given I create the default batch deployment "logging" of "mnist-batch" running "logging.mjs" with:
      | settings.logging_level | <level> |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job completes
    And the log "logs/user/stdout/10.0.0.4/process000.stdout.txt" contains "<printed>"
    And the log "logs/user/stdout/10.0.0.4/process000.stdout.txt" has <debug> lines containing "DEBUG:azureml:Debug log statement"
    And the log "logs/user/stdout/10.0.0.4/process000.stdout.txt" has <info> lines containing "INFO:azureml:Info log statement"
    And the log "logs/user/stdout/10.0.0.4/process000.stdout.txt" has 2 lines containing "WARNING:azureml:Warning log statement"
    And the log "logs/user/stderr/10.0.0.4/process000.stderr.txt" contains "stderr line"

    Examples:
      | level   | printed | debug | info |
      | debug   | DEBUG   | 2     | 2    |
      | info    | INFO    | 0     | 2    |
      | warning | WARNING | 0     | 0    |
