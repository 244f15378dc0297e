Feature: Hostile entry scripts are stopped by the container sandbox
  On the container runtime every compute node is a sandbox: the scoring script runs as an
  unprivileged user with no capabilities, on a read-only root file system, with no network at
  all, under the node's memory and process limits; job files are mounted read-only and only /tmp,
  private to the node, is writable. A script that reaches for the network, writes outside its
  folder, fork-bombs or exhausts memory is stopped by the kernel where it tries, and the try is
  reported in logs/user/error.txt. Only the mini-batch of the hostile file fails: it counts
  against error_threshold like any failed file, and the other workers score every other file.

  Each script does its harm on one file only (HOSTILE_ON), and scores the others as
  digit_identification.mjs does. A job runs on 2 instances x 2 processes, one file per mini-batch,
  with 2 tries per mini-batch; each file takes 100 s of service time (SLEEP_PER_FILE), so that
  every worker gets files whatever its start-up took. The in-process runtime is no sandbox (worker threads share the
  simulator's process), so these scenarios run on the container runtime only, and the hostile
  scripts refuse to do anything where they find no sandbox.

  Background:
    Given a workspace "main" in region "westeurope"
    And a compute cluster "cpu-cluster" with 2 nodes of size "STANDARD_DS3_V2"
    And the model "mnist" registered from "fixtures/generated/models/digits"
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs"
    And I create the batch endpoint "mnist-batch"
    And deployments use the model "mnist", the environment "digits-env", the compute "cpu-cluster" and the code in "fixtures/scripts"

  # The timeout is long because the real time a hostile try takes (up to 2 s here) counts 100
  # times on the service's clock: a try must be stopped by the sandbox, not by the timeout.
  @container-only @BE-17 @BE-25
  Scenario: A script that reaches for the network finds none: not the host's loopback, not the outside world, not its node's runtime server
    Given a server listening on the host's loopback
    And I create the default batch deployment "hostile" of "mnist-batch" running "hostile/reaches_network.mjs" with:
      | resources.instance_count              | 2                                                                          |
      | settings.max_concurrency_per_instance | 2                                                                          |
      | settings.mini_batch_size              | 1                                                                          |
      | settings.retry_settings               | {max_retries: 1, timeout: 3000}                                            |
      | settings.environment_variables        | {HOSTILE_ON: "digit-042", SLEEP_PER_FILE: "100", HOST_PORT: "<host port>"} |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits"
    And the job runs to its end
    Then the job completes
    And 99 files succeeded and 1 failed
    And every file of "fixtures/generated/inputs/digits" but "digit-042-2.png" appears exactly once in the output, with its label
    And the log "logs/user/error.txt" has 2 lines containing "run() of mini-batch 42, try"
    And the log "logs/user/error.txt" has 2 lines containing "Error: no network: tcp 127.0.0.1:"
    And the log "logs/user/error.txt" contains "ECONNREFUSED; unix /sock/agent.sock EACCES; tcp 192.0.2.1:443 ENETUNREACH; dns management.azure.com EAI_AGAIN; https://management.azure.com/ EAI_AGAIN"
    And the server on the host's loopback received 0 connections
    And 4 of the 4 workers scored mini-batches in one process from start to end

  @container-only @BE-17 @BE-25
  Scenario: A script that writes outside its folder is refused everywhere: its inputs, its code, its model, the root file system, the runtime server's socket
    Given I create the default batch deployment "hostile" of "mnist-batch" running "hostile/writes_outside.mjs" with:
      | resources.instance_count              | 2                                                |
      | settings.max_concurrency_per_instance | 2                                                |
      | settings.mini_batch_size              | 1                                                |
      | settings.retry_settings               | {max_retries: 1, timeout: 3000}                  |
      | settings.environment_variables        | {HOSTILE_ON: "digit-042", SLEEP_PER_FILE: "100"} |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits"
    And the job runs to its end
    Then the job completes
    And 99 files succeeded and 1 failed
    And every file of "fixtures/generated/inputs/digits" but "digit-042-2.png" appears exactly once in the output, with its label
    And the log "logs/user/error.txt" has 2 lines containing "Error: every write outside the sandbox's scratch space was refused:"
    And the log "logs/user/error.txt" contains "/digit-042-2.png EACCES;"
    And the log "logs/user/error.txt" contains "/hostile EROFS;"
    And the log "logs/user/error.txt" contains "; / EROFS; /app EROFS; /etc/passwd EACCES; /sock EACCES"
    And 4 of the 4 workers scored mini-batches in one process from start to end

  # The bomb's processes outlive its try (a bomb does not end them), so its worker keeps the
  # node's process limit used up until it stops; the node's other worker needs no new process and
  # scores on. When the job ends, the bomb's processes end with their worker: the next job starts
  # fresh workers on the same nodes.
  @container-only @BE-17 @BE-25
  Scenario: A script that fork-bombs is stopped by the node's process limit; its processes end with its worker
    Given I create the default batch deployment "hostile" of "mnist-batch" running "hostile/fork_bomb.mjs" with:
      | resources.instance_count              | 2                                                |
      | settings.max_concurrency_per_instance | 2                                                |
      | settings.mini_batch_size              | 1                                                |
      | settings.retry_settings               | {max_retries: 1, timeout: 3000}                  |
      | settings.environment_variables        | {HOSTILE_ON: "digit-042", SLEEP_PER_FILE: "100"} |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits"
    And the job runs to its end
    Then the job completes
    And 99 files succeeded and 1 failed
    And every file of "fixtures/generated/inputs/digits" but "digit-042-2.png" appears exactly once in the output, with its label
    And the log "logs/user/error.txt" has 2 lines containing "Error: fork bomb stopped after"
    And the log "logs/user/error.txt" has 2 lines containing "spawn /usr/local/bin/node EAGAIN"
    And 4 of the 4 workers scored mini-batches in one process from start to end
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job completes
    And 10 files succeeded and 0 failed

  # STANDARD_DS3_V2 nodes get 896 MiB (14 GiB / 16): the kernel kills the process that goes over.
  @container-only @OD-11 @BE-25
  Scenario: A script that exhausts memory is killed with SIGKILL 9 on each try; the other workers keep their processes
    Given I create the default batch deployment "hostile" of "mnist-batch" running "hostile/exhausts_memory.mjs" with:
      | resources.instance_count              | 2                                                |
      | settings.max_concurrency_per_instance | 2                                                |
      | settings.mini_batch_size              | 1                                                |
      | settings.retry_settings               | {max_retries: 1, timeout: 3000}                  |
      | settings.environment_variables        | {HOSTILE_ON: "digit-042", SLEEP_PER_FILE: "100"} |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits"
    And the job runs to its end
    Then the job completes
    And 99 files succeeded and 1 failed
    And every file of "fixtures/generated/inputs/digits" but "digit-042-2.png" appears exactly once in the output, with its label
    And the log "logs/user/error.txt" has 2 lines containing "run() of mini-batch 42, try"
    And the log "logs/user/error.txt" has 2 lines containing "WorkerProcessExited: 'node worker-host process00"
    And the log "logs/user/error.txt" has 2 lines containing "died with <Signals.SIGKILL: 9>"
    And 3 of the 4 workers scored mini-batches in one process from start to end

  @container-only @BE-25
  Scenario: With error_threshold 0, the one hostile file aborts the job
    Given I create the default batch deployment "hostile" of "mnist-batch" running "hostile/writes_outside.mjs" with:
      | resources.instance_count              | 2                                                |
      | settings.max_concurrency_per_instance | 2                                                |
      | settings.mini_batch_size              | 1                                                |
      | settings.retry_settings               | {max_retries: 1, timeout: 3000}                  |
      | settings.error_threshold              | 0                                                |
      | settings.environment_variables        | {HOSTILE_ON: "digit-042", SLEEP_PER_FILE: "100"} |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits"
    And the job runs to its end
    Then the job fails with ErrorThresholdExceeded
    And the log "logs/sys/master_role.txt" contains "Aborting the job: The job was aborted: 1 failed files exceed the error_threshold of 0."

  # Worker threads run in the simulator's own process, with its network and its files: the same
  # script reaches the host. Use the container runtime to run code you do not trust.
  @in-process-only
  Scenario: The in-process runtime is no sandbox: there the same script reaches the host's loopback
    Given a server listening on the host's loopback
    And I create the default batch deployment "hostile" of "mnist-batch" running "hostile/reaches_network.mjs" with:
      | settings.mini_batch_size       | 1                                                   |
      | settings.environment_variables | {HOSTILE_ON: "digit-042", HOST_PORT: "<host port>"} |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits"
    And the job runs to its end
    Then the job completes
    And 100 files succeeded and 0 failed
    And the server on the host's loopback received 1 connection
