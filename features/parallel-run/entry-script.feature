Feature: The ParallelRunStep entry script
  A ParallelRunStep runs an entry script that defines init() and run(mini_batch). mini_batch is a
  list of file paths for a FileDataset and a data frame for a TabularDataset. With append_row the
  returned elements are appended to one output file; with summary_only only their count matters.

  Background:
    Given a workspace "main" in region "westeurope"
    And a compute cluster "cpu-cluster" with 4 nodes
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs"
    And the file dataset "mnist-files" registered from "fixtures/generated/inputs/digits-small"
    And the tabular dataset "heart-table" registered from "fixtures/generated/inputs/heart-rows"

  @PRS-01
  Scenario Outline: An entry script without <missing> is rejected
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: score-digits
          parallel_run_config:
            entry_script: <script>
            source_directory: fixtures/scripts
            error_threshold: -1
            output_action: append_row
            compute_target: cpu-cluster
            node_count: 1
            environment: azureml:digits-env:1
          inputs: [azureml:mnist-files:1]
          output: scores
      """
    And the pipeline run ends
    Then the step "score-digits" is Failed
    And the log "logs/user/error.txt" of step "score-digits" contains "does not define <missing>: an entry script must define init() and run(mini_batch)."

    Examples:
      | missing | script      |
      | run()   | no_run.mjs  |
      | init()  | no_init.mjs |

  @PRS-02 @PRS-03 @storage
  Scenario: A FileDataset gives run() file paths; append_row writes every element to the output
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: score-digits
          parallel_run_config:
            entry_script: partial.mjs
            source_directory: fixtures/scripts
            mini_batch_size: 4
            error_threshold: -1
            output_action: append_row
            compute_target: cpu-cluster
            node_count: 1
            environment: azureml:digits-env:1
            environment_variables: { FAIL_MATCH: "none" }
          inputs: [azureml:mnist-files:1]
          output: scores
      """
    And the pipeline run ends
    Then the pipeline run completes
    And the step "score-digits" processed 3 of 3 mini-batches: 10 files succeeded and 0 failed
    And the file "parallel_run_step.txt" of output "scores" of step "score-digits" has 10 lines
    And the file "parallel_run_step.txt" of output "scores" of step "score-digits" contains "digit-007-7.png,7"

  @PRS-02 @PRS-03
  Scenario: A TabularDataset gives run() a data frame of records; summary_only keeps only the counts
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: score-heart
          parallel_run_config:
            entry_script: tabular_score.mjs
            source_directory: fixtures/scripts
            error_threshold: -1
            output_action: summary_only
            compute_target: cpu-cluster
            node_count: 1
            environment: azureml:digits-env:1
            environment_variables: { FAIL_IDS: "p1003,p2007" }
          inputs: [azureml:heart-table:1]
          output: scores
      """
    And the pipeline run ends
    Then the pipeline run completes
    And the step "score-heart" processed 1 of 1 mini-batches: 28 records succeeded and 2 failed
    And the log "logs/user/stdout/10.0.0.4/process000.stdout.txt" of step "score-heart" contains "INFO:azureml:scored 30 records of columns id,age,chol,thalach,oldpeak"
    And output "scores" of step "score-heart" has no file "parallel_run_step.txt"

  @PRS-04 @PRS-05
  Scenario: With a source_directory, entry_script is relative to it and files beside the script are there
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: read-beside
          parallel_run_config:
            entry_script: beside.mjs
            source_directory: fixtures/scripts
            error_threshold: -1
            output_action: append_row
            compute_target: cpu-cluster
            node_count: 1
            environment: azureml:digits-env:1
          inputs: [azureml:mnist-files:1]
          output: rows
      """
    And the pipeline run ends
    Then the pipeline run completes
    And the file "parallel_run_step.txt" of output "rows" of step "read-beside" contains "digit-000-0.png,10"

  @PRS-04 @PRS-05
  Scenario: Without a source_directory, entry_script is a path on this machine and only that file is uploaded
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: read-beside
          parallel_run_config:
            entry_script: fixtures/scripts/beside.mjs
            error_threshold: -1
            output_action: append_row
            compute_target: cpu-cluster
            node_count: 1
            environment: azureml:digits-env:1
          inputs: [azureml:mnist-files:1]
          output: rows
      """
    And the pipeline run ends
    Then the step "read-beside" is Failed
    And the log "logs/user/error.txt" of step "read-beside" contains "helpers/labels.json"

  @PRS-05
  Scenario: An entry_script that is not in its source_directory is refused at submission
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: read-beside
          parallel_run_config:
            entry_script: fixtures/scripts/beside.mjs
            source_directory: fixtures/scripts
            error_threshold: -1
            output_action: append_row
            compute_target: cpu-cluster
            node_count: 1
          inputs: [azureml:mnist-files:1]
          output: rows
      """
    Then the request is refused with 400 BadRequest:
      """
      Step 'read-beside': 'fixtures/scripts/beside.mjs' is not in its source_directory.
      """

  @PRS-17
  Scenario: arguments reach the entry script, unknown ones included
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: show-args
          parallel_run_config:
            entry_script: arguments.mjs
            source_directory: fixtures/scripts
            error_threshold: -1
            output_action: append_row
            compute_target: cpu-cluster
            node_count: 1
            environment: azureml:digits-env:1
          inputs: [azureml:mnist-files:1]
          output: args
          arguments: ["--threshold", 0.5, "--mode", "strict"]
      """
    And the pipeline run ends
    Then the pipeline run completes
    And the file "parallel_run_step.txt" of output "args" of step "show-args" contains '""threshold"":""0.5""'
    And the file "parallel_run_step.txt" of output "args" of step "show-args" contains '""mode"":""strict""'
    And the file "parallel_run_step.txt" of output "args" of step "show-args" contains '""logging_level"":""INFO""'

  @PRS-19
  Scenario: The EntryScript logger is one instance shared by init() and run(); each process has its logs
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: log-digits
          parallel_run_config:
            entry_script: entry_script_logger.mjs
            source_directory: fixtures/scripts
            mini_batch_size: 5
            error_threshold: -1
            output_action: append_row
            compute_target: cpu-cluster
            node_count: 1
            process_count_per_node: 2
            logging_level: DEBUG
            environment: azureml:digits-env:1
          inputs: [azureml:mnist-files:1]
          output: logged
      """
    And the pipeline run ends
    Then the pipeline run completes
    And the file "parallel_run_step.txt" of output "logged" of step "log-digits" has 10 lines
    And the file "parallel_run_step.txt" of output "logged" of step "log-digits" contains "digit-009-9.png,true"
    And the log "logs/user/entry_script_log/10.0.0.4/process000.log.txt" of step "log-digits" contains "INFO:azureml:This will show up in files under logs/user on the Azure portal."
    And the log "logs/user/entry_script_log/10.0.0.4/process001.log.txt" of step "log-digits" contains "INFO:azureml:This will show up in files under logs/user on the Azure portal."
    And the step "log-digits" has 2 logs under "logs/user/stdout/10.0.0.4/"

  @PRS-19
  Scenario: Windows nodes record tasklist where Linux nodes record ps
    Given a Windows compute cluster "win-cluster" with 1 node
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: on-windows
          parallel_run_config:
            entry_script: partial.mjs
            source_directory: fixtures/scripts
            error_threshold: -1
            output_action: append_row
            compute_target: win-cluster
            node_count: 1
            environment: azureml:digits-env:1
          inputs: [azureml:mnist-files:1]
          output: scores
      """
    And the pipeline run ends
    Then the pipeline run completes
    And the log "logs/perf/10.0.0.4/os/2026010509/processes_00" of step "on-windows" contains "Image Name"
    And the log "logs/perf/10.0.0.4/os/2026010509/processes_00" of step "on-windows" contains "azureml-bi-agent.exe"
