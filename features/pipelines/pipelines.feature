Feature: Debugging machine learning pipelines
  The pipeline troubleshooting table: a step must create its PipelineData directory to pass data
  on; dependency versions must match between local tests and the remote environment; ambiguous
  compute target errors clear when the target is recreated; steps are reused unless allow_reuse
  is False; steps sharing a source_directory rerun when any file in it changes; mount-mode outputs
  upload the whole file on every append; print and logging go to 70_driver_log.txt and run.log
  records metrics; a pipeline run is an immutable snapshot.

  Background:
    Given a workspace "main" in region "westeurope"
    And a compute cluster "cpu-cluster" with 2 nodes
    And the environment "step-env" with packages "azureml-core, onnxruntime"
    And the file dataset "raw-files" registered from "fixtures/generated/inputs/digits-small"

  @PL-01
  Scenario: A step that writes its PipelineData without creating the directory fails, and passes nothing on
    When I submit the pipeline:
      """yaml
      name: prepare-and-count
      steps:
        - type: script
          name: prepare
          script_name: prepare.mjs
          source_directory: fixtures/scripts/steps
          compute_target: cpu-cluster
          environment: azureml:step-env:1
          inputs: { raw: "azureml:raw-files:1" }
          outputs: { prepared: { mode: upload } }
          environment_variables: { SKIP_MKDIR: "1" }
        - type: script
          name: count
          script_name: consume.mjs
          source_directory: fixtures/scripts/steps
          compute_target: cpu-cluster
          environment: azureml:step-env:1
          inputs: { prepared: "${{outputs.prepared}}" }
          outputs: { result: { mode: upload } }
      """
    And the pipeline run ends
    Then the step "prepare" failed with a message containing "ENOENT: no such file or directory"
    And the step "count" is Skipped
    And the log "logs/user/error/10.0.0.4/process000.txt" of step "prepare" contains "prepare.mjs"

  @PL-01 @storage
  Scenario: The fix: the step creates its output directory, and the next step reads it
    When I submit the pipeline:
      """yaml
      name: prepare-and-count
      steps:
        - type: script
          name: prepare
          script_name: prepare.mjs
          source_directory: fixtures/scripts/steps
          compute_target: cpu-cluster
          environment: azureml:step-env:1
          inputs: { raw: "azureml:raw-files:1" }
          outputs: { prepared: { mode: upload } }
        - type: script
          name: count
          script_name: consume.mjs
          source_directory: fixtures/scripts/steps
          compute_target: cpu-cluster
          environment: azureml:step-env:1
          inputs: { prepared: "${{outputs.prepared}}" }
          outputs: { result: { mode: upload } }
      """
    And the pipeline run ends
    Then the pipeline run completes
    And the file "prepared.txt" of output "prepared" of step "prepare" has 10 lines
    And the file "count.txt" of output "result" of step "count" contains "10"

  @PL-01
  Scenario: A step can only read PipelineData that an earlier step writes
    When I submit the pipeline:
      """yaml
      name: count-only
      steps:
        - type: script
          name: count
          script_name: consume.mjs
          source_directory: fixtures/scripts/steps
          compute_target: cpu-cluster
          inputs: { prepared: "${{outputs.prepared}}" }
          outputs: { result: { mode: upload } }
      """
    And the pipeline run ends
    Then the step "count" failed with:
      """
      Step 'count' reads 'prepared', which no earlier step of the pipeline writes.
      """

  @PL-02
  Scenario: A dependency version that differs between local tests and the remote environment surfaces as a remote error
    When I submit the pipeline:
      """yaml
      name: versions
      steps:
        - type: script
          name: check-deps
          script_name: needs_version.mjs
          source_directory: fixtures/scripts/steps
          compute_target: cpu-cluster
          environment: azureml:step-env:1
          environment_variables: { EXPECTED_ORT: "1.17.0" }
      """
    And the pipeline run ends
    Then the step "check-deps" failed with a message containing "Dependency mismatch: onnxruntime 1.30.0 is installed, the script was tested with 1.17.0"
    When I clone the pipeline run into a draft and set "environment_variables.EXPECTED_ORT" of step "check-deps" to "1.30.0"
    And I submit the draft
    And the pipeline run ends
    Then the pipeline run completes

  @PL-03
  Scenario: An ambiguous compute target error clears when the compute target is deleted and recreated
    Given the compute target "cpu-cluster" is in an ambiguous state
    When I submit the pipeline:
      """yaml
      name: prepare-only
      steps:
        - type: script
          name: prepare
          script_name: prepare.mjs
          source_directory: fixtures/scripts/steps
          compute_target: cpu-cluster
          inputs: { raw: "azureml:raw-files:1" }
          outputs: { prepared: { mode: upload } }
      """
    And the pipeline run ends
    Then the step "prepare" failed with:
      """
      The compute target 'cpu-cluster' is in an ambiguous state: its node pool does not match the cluster definition. Try deleting and recreating the compute target.
      """
    When I delete and recreate the compute cluster "cpu-cluster" with 2 nodes
    And I submit the same pipeline again
    And the pipeline run ends
    Then the pipeline run completes

  @PL-04
  Scenario Outline: Step reuse is on by default; allow_reuse <reuse> makes the step <status> on resubmission
    When I submit the pipeline:
      """yaml
      name: prepare-only
      steps:
        - type: script
          name: prepare
          script_name: prepare.mjs
          source_directory: fixtures/scripts/steps
          compute_target: cpu-cluster
          inputs: { raw: "azureml:raw-files:1" }
          outputs: { prepared: { mode: upload } }
          <setting>
      """
    And the pipeline run ends
    And I submit the same pipeline again
    And the pipeline run ends
    Then the step "prepare" is <status>
    And the file "prepared.txt" of output "prepared" of step "prepare" has 10 lines

    Examples:
      | reuse             | setting            | status    |
      | true (default)    | environment_variables: {} | Reused    |
      | false             | allow_reuse: false | Completed |

  @PL-05
  Scenario: Steps that share a source_directory both rerun when any file in it changes
    Given a source directory "shared" with the files "prepare.mjs, consume.mjs, notes.txt" of "fixtures/scripts/steps"
    When I submit the pipeline:
      """yaml
      name: shared-directory
      steps:
        - type: script
          name: prepare
          script_name: prepare.mjs
          source_directory: $WORK/shared
          compute_target: cpu-cluster
          inputs: { raw: "azureml:raw-files:1" }
          outputs: { prepared: { mode: upload } }
        - type: script
          name: count
          script_name: consume.mjs
          source_directory: $WORK/shared
          compute_target: cpu-cluster
          inputs: { prepared: "${{outputs.prepared}}" }
          outputs: { result: { mode: upload } }
      """
    And the pipeline run ends
    And I change the file "$WORK/shared/notes.txt"
    And I submit the same pipeline again
    And the pipeline run ends
    Then the step "prepare" is Completed
    And the step "count" is Completed

  @PL-05
  Scenario: With a source_directory per step, only the step whose files changed reruns
    Given a source directory "prepare" with the files "prepare.mjs" of "fixtures/scripts/steps"
    And a source directory "count" with the files "consume.mjs" of "fixtures/scripts/steps"
    When I submit the pipeline:
      """yaml
      name: separate-directories
      steps:
        - type: script
          name: prepare
          script_name: prepare.mjs
          source_directory: $WORK/prepare
          compute_target: cpu-cluster
          inputs: { raw: "azureml:raw-files:1" }
          outputs: { prepared: { mode: upload } }
        - type: script
          name: count
          script_name: consume.mjs
          source_directory: $WORK/count
          compute_target: cpu-cluster
          inputs: { prepared: "${{outputs.prepared}}" }
          outputs: { result: { mode: upload } }
      """
    And the pipeline run ends
    And I change the file "$WORK/count/consume.mjs"
    And I submit the same pipeline again
    And the pipeline run ends
    Then the step "prepare" is Reused
    And the step "count" is Completed

  @PL-06
  Scenario Outline: Appending in a loop to a <mode>-mode output costs <cost>
    When I submit the pipeline:
      """yaml
      name: training
      steps:
        - type: script
          name: train
          script_name: append_loop.mjs
          source_directory: fixtures/scripts/steps
          compute_target: cpu-cluster
          outputs: { log_dir: { mode: <mode> } }
          environment_variables: { LINES: "200" }
      """
    And the pipeline run ends
    Then the pipeline run completes
    And the file "training.log" of output "log_dir" of step "train" has 200 lines
    And the step "train" took <comparison> seconds of service time

    Examples:
      | mode   | cost                                      | comparison    |
      | mount  | an upload of the whole file per append    | at least 20   |
      | upload | one upload when the step ends             | less than 10  |

  @PL-07
  Scenario: print() and logging go to 70_driver_log.txt; run.log() records metrics
    When I submit the pipeline:
      """yaml
      name: metrics
      steps:
        - type: script
          name: evaluate
          script_name: metrics.mjs
          source_directory: fixtures/scripts/steps
          compute_target: cpu-cluster
      """
    And the pipeline run ends
    Then the pipeline run completes
    And the log "azureml-logs/70_driver_log.txt" of step "evaluate" contains "Training finished"
    And the log "azureml-logs/70_driver_log.txt" of step "evaluate" contains "INFO:root:Logging accuracy and loss"
    And the step "evaluate" recorded the metric "accuracy" = "0.91"
    And the step "evaluate" recorded the metric "loss" = "0.2"

  @PL-08
  Scenario: A pipeline run is an immutable snapshot; changing it takes a clone into a new draft
    When I submit the pipeline:
      """yaml
      name: prepare-only
      steps:
        - type: script
          name: prepare
          script_name: prepare.mjs
          source_directory: fixtures/scripts/steps
          compute_target: cpu-cluster
          inputs: { raw: "azureml:raw-files:1" }
          outputs: { prepared: { mode: upload } }
      """
    And the pipeline run ends
    And I try to change the pipeline run
    Then the request is refused with 409 PipelineRunImmutable
    When I clone the pipeline run into a draft and set "allow_reuse" of step "prepare" to "false"
    And I submit the draft
    And the pipeline run ends
    Then the pipeline run completes
    And the step "prepare" is Completed
