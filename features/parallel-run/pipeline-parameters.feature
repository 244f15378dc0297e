Feature: ParallelRunStep in a pipeline: parameters, side inputs, reuse and registered datasets
  mini_batch_size, node_count, process_count_per_node, logging_level, run_invocation_timeout and
  run_max_try can be PipelineParameters, adjusted when the run is submitted again. Inputs are
  datasets of a single type, partitioned; side inputs are mounted whole on every worker. A step
  reuses earlier results unless allow_reuse is False. With service principal authentication a
  dataset must be registered first.

  Background:
    Given a workspace "main" in region "westeurope"
    And a compute cluster "cpu-cluster" with 4 nodes
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs"
    And the file dataset "mnist-files" registered from "fixtures/generated/inputs/digits"
    And the file dataset "labels" registered from "fixtures/generated/inputs/labels"
    And the tabular dataset "heart-table" registered from "fixtures/generated/inputs/heart-rows"

  @PRS-14
  Scenario: PipelineParameters take their defaults, and new values when the run is submitted again
    When I submit the pipeline:
      """yaml
      name: scoring
      parameters:
        batch_size: 10
        processes: 1
        level: INFO
      steps:
        - type: parallel_run
          name: score
          parallel_run_config:
            entry_script: partial.mjs
            source_directory: fixtures/scripts
            mini_batch_size: ${{parameters.batch_size}}
            process_count_per_node: ${{parameters.processes}}
            logging_level: ${{parameters.level}}
            error_threshold: -1
            output_action: summary_only
            compute_target: cpu-cluster
            node_count: 1
          inputs: [azureml:mnist-files:1]
          output: scores
      """
    And the pipeline run ends
    Then the step "score" processed 10 of 10 mini-batches: 90 files succeeded and 10 failed
    When I resubmit the pipeline run with the parameters:
      | batch_size | 25    |
      | processes  | 2     |
      | level      | DEBUG |
    And the pipeline run ends
    Then the step "score" is Completed
    And the step "score" processed 4 of 4 mini-batches: 90 files succeeded and 10 failed
    And the step "score" ran with "process_count_per_node" = "2"
    And the step "score" ran with "logging_level" = "DEBUG"

  @PRS-14
  Scenario: Settings other than the six documented ones cannot be PipelineParameters
    When I submit the pipeline:
      """yaml
      name: scoring
      parameters:
        threshold: 5
      steps:
        - type: parallel_run
          name: score
          parallel_run_config:
            entry_script: partial.mjs
            source_directory: fixtures/scripts
            error_threshold: ${{parameters.threshold}}
            output_action: summary_only
            compute_target: cpu-cluster
            node_count: 1
          inputs: [azureml:mnist-files:1]
          output: scores
      """
    Then the request is refused with 400 ValidationError
    And the error names the field "steps.0.parallel_run_config.error_threshold"

  @PRS-16 @PRS-17
  Scenario: A side input is mounted on every worker, not partitioned; its path comes through the arguments
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: label
          parallel_run_config:
            entry_script: side_input.mjs
            source_directory: fixtures/scripts
            error_threshold: -1
            output_action: append_row
            compute_target: cpu-cluster
            node_count: 2
            process_count_per_node: 2
          inputs: [azureml:mnist-files:1]
          side_inputs:
            - { name: labels_input, dataset: "azureml:labels:1" }
          arguments: ["--labels_dir", "${{side_inputs.labels_input}}"]
          output: labelled
      """
    And the pipeline run ends
    Then the pipeline run completes
    And the step "label" processed 10 of 10 mini-batches: 100 files succeeded and 0 failed
    And the file "parallel_run_step.txt" of output "labelled" of step "label" contains "digit-007-7.png,seven"

  @PRS-16
  Scenario: The inputs of a step are datasets of a single type
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: score
          parallel_run_config:
            entry_script: partial.mjs
            source_directory: fixtures/scripts
            error_threshold: -1
            output_action: summary_only
            compute_target: cpu-cluster
            node_count: 1
          inputs: [azureml:mnist-files:1, azureml:heart-table:1]
          output: scores
      """
    And the pipeline run ends
    Then the step "score" failed with:
      """
      Step 'score': inputs must be datasets of a single type; got FileDataset and TabularDataset.
      """

  @PRS-18
  Scenario Outline: allow_reuse <reuse>: submitted again with the same parameters and inputs, the step is <status>
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: score
          parallel_run_config:
            entry_script: partial.mjs
            source_directory: fixtures/scripts
            error_threshold: -1
            output_action: append_row
            compute_target: cpu-cluster
            node_count: 1
          inputs: [azureml:mnist-files:1]
          output: scores
          allow_reuse: <reuse>
      """
    And the pipeline run ends
    Then the step "score" is Completed
    When I submit the same pipeline again
    And the pipeline run ends
    Then the step "score" is <status>
    And the file "parallel_run_step.txt" of output "scores" of step "score" has 90 lines

    Examples:
      | reuse | status    |
      | true  | Reused    |
      | false | Completed |

  @PRS-18
  Scenario: New parameters or a new version of the input are not reused
    When I submit the pipeline:
      """yaml
      name: scoring
      parameters: { batch_size: 10 }
      steps:
        - type: parallel_run
          name: score
          parallel_run_config:
            entry_script: partial.mjs
            source_directory: fixtures/scripts
            mini_batch_size: ${{parameters.batch_size}}
            error_threshold: -1
            output_action: summary_only
            compute_target: cpu-cluster
            node_count: 1
          inputs: [azureml:mnist-files@latest]
          output: scores
      """
    And the pipeline run ends
    And I resubmit the pipeline run with the parameters:
      | batch_size | 20 |
    And the pipeline run ends
    Then the step "score" is Completed
    Given the file dataset "mnist-files" registered from "fixtures/generated/inputs/digits-small"
    When I resubmit the pipeline run with the parameters:
      | batch_size | 20 |
    And the pipeline run ends
    Then the step "score" is Completed
    And the step "score" processed 1 of 1 mini-batches: 9 files succeeded and 1 failed

  @PRS-20
  Scenario: With service principal authentication, a dataset must be registered before use
    Given the storage account "lake"
    And "fixtures/generated/inputs/digits-small" is uploaded to "https://lake.blob.core.windows.net/data/digits"
    And I grant "Storage Blob Data Reader" on "lake" to the identity of "cpu-cluster"
    And I am signed in as a service principal
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: score
          parallel_run_config:
            entry_script: partial.mjs
            source_directory: fixtures/scripts
            error_threshold: -1
            output_action: summary_only
            compute_target: cpu-cluster
            node_count: 1
          inputs: ["https://lake.blob.core.windows.net/data/digits"]
          output: scores
      """
    And the pipeline run ends
    Then the step "score" failed with:
      """
      Step 'score': the dataset 'https://lake.blob.core.windows.net/data/digits' must be registered before ParallelRunStep can use it with service principal authentication (dataset.register(workspace, name)).
      """
    Given the file dataset "lake-digits" registered from "https://lake.blob.core.windows.net/data/digits"
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: score
          parallel_run_config:
            entry_script: partial.mjs
            source_directory: fixtures/scripts
            error_threshold: -1
            output_action: summary_only
            compute_target: cpu-cluster
            node_count: 1
          inputs: [azureml:lake-digits:1]
          output: scores
      """
    And the pipeline run ends
    Then the pipeline run completes
