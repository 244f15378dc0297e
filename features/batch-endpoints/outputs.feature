Feature: Where results go: output location, output action and the error threshold
  With output_action append_row, every element run() returns is appended to one output file
  (output_file_name, predictions.csv by default); summary_only keeps only the counts. A batch
  deployment cannot overwrite its output file, so each invocation needs a new output location.
  error_threshold counts failed inputs over the whole input: -1 ignores every failure, above the
  threshold the job is aborted.

  Background:
    Given a workspace "main" in region "westeurope"
    And a compute cluster "cpu-cluster" with 4 nodes
    And the model "mnist" registered from "fixtures/generated/models/digits"
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs"
    And I create the batch endpoint "mnist-batch"
    And deployments use the model "mnist", the environment "digits-env", the compute "cpu-cluster" and the code in "fixtures/scripts"

  @BE-06 @storage
  Scenario: An output location that already holds the output file is refused; a new one succeeds
    Given I create the default batch deployment "classifier" of "mnist-batch" running "digit_identification.mjs"
    When I invoke "mnist-batch" with:
      | input_type  | uri_folder                                              |
      | input_path  | fixtures/generated/inputs/digits-small                  |
      | output_path | azureml://datastores/workspaceblobstore/paths/results/run-1 |
    And the job runs to its end
    Then the job completes
    And the output file is "azureml://datastores/workspaceblobstore/paths/results/run-1/predictions.csv"
    When I invoke "mnist-batch" with:
      | input_type  | uri_folder                                              |
      | input_path  | fixtures/generated/inputs/single                        |
      | output_path | azureml://datastores/workspaceblobstore/paths/results/run-1 |
    Then the request is refused with 409 OutputAlreadyExists:
      """
      Output already exists: 'azureml://datastores/workspaceblobstore/paths/results/run-1/predictions.csv'. A batch deployment cannot overwrite its output file; give a new output location for each invocation.
      """
    And the output file has 10 lines
    When I invoke "mnist-batch" with:
      | input_type  | uri_folder                                              |
      | input_path  | fixtures/generated/inputs/single                        |
      | output_path | azureml://datastores/workspaceblobstore/paths/results/run-2 |
    And the job runs to its end
    Then the job completes
    And the output file has 1 lines

  @BE-25 @BE-07
  Scenario: append_row writes every result to predictions.csv, one line per input, with a key
    Given I create the default batch deployment "classifier" of "mnist-batch" running "digit_identification.mjs" with:
      | settings.mini_batch_size | 7 |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits"
    And the job runs to its end
    Then the job completes
    And 15 mini-batches were created and 15 processed
    And the output file has 100 lines
    And every file of "fixtures/generated/inputs/digits" appears exactly once in the output, with its label

  @BE-25
  Scenario: output_file_name names the output file
    Given I create the default batch deployment "classifier" of "mnist-batch" running "digit_identification.mjs" with:
      | settings.output_file_name | digits.csv |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job completes
    And the output file has 10 lines
    And the output file is "azureml://datastores/workspaceblobstore/paths/azureml/<job>/score/digits.csv"

  @BE-25
  Scenario: summary_only keeps the counts and writes no output file
    Given I create the default batch deployment "classifier" of "mnist-batch" running "digit_identification.mjs" with:
      | settings.output_action | summary_only |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job completes
    And 10 files succeeded and 0 failed
    And the job wrote no output file

  @BE-25
  Scenario: error_threshold -1 ignores every failure
    Given I create the default batch deployment "classifier" of "mnist-batch" running "partial.mjs"
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits"
    And the job runs to its end
    Then the job completes
    And 90 files succeeded and 10 failed
    And the output file has 90 lines

  @BE-25
  Scenario Outline: error_threshold <threshold> with 10 failing files: the job <outcome>
    Given I create the default batch deployment "classifier" of "mnist-batch" running "partial.mjs" with:
      | settings.error_threshold | <threshold> |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits"
    And the job runs to its end
    Then the job status is <status>
    And <processed> mini-batches were created and <processed> processed

    Examples:
      | threshold | outcome                | status    | processed |
      | 10        | completes at the limit | Completed | 10        |
      | 9         | is aborted             | Failed    | 10        |

  @BE-25
  Scenario: Above the threshold the job is aborted and what was not tried is counted
    Given I create the default batch deployment "classifier" of "mnist-batch" running "partial.mjs" with:
      | settings.error_threshold | 0 |
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits"
    And the job runs to its end
    Then the job fails with:
      """
      The job was aborted: 1 failed files exceed the error_threshold of 0.
      """
    And 10 mini-batches were created and 1 processed
    And 9 files succeeded and 1 failed
    And 90 files were not processed
    And the job wrote no output file
