Feature: The 2021 preview profile: an existing batch endpoint keeps its model, code, environment and compute
  In the 2021 preview, the model, code, environment and compute of an existing batch endpoint
  could not be updated; the documented fix is a batch endpoint with a new name. The service's
  profile is chosen before anything is created, so both behaviors can be checked.

  Background:
    Given the service behaves as the "preview-2021" profile
    And a workspace "preview" in region "westeurope"
    And a compute cluster "cpu-cluster" with 4 nodes
    And a compute cluster "big-cluster" with 8 nodes
    And the model "mnist" registered from "fixtures/generated/models/digits"
    And the model "mnist" registered from "fixtures/generated/models/digits"
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs"
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs, pandas"
    And I create the batch endpoint "mnist-batch"
    And I create the batch deployment:
      """yaml
      name: classifier
      endpoint_name: mnist-batch
      model: azureml:mnist:1
      environment: azureml:digits-env:1
      code_configuration: { code: fixtures/scripts, scoring_script: digit_identification.mjs }
      compute: azureml:cpu-cluster
      """

  @BE-02
  Scenario Outline: In the 2021 preview, the <field> of an existing batch endpoint cannot be updated
    When I update the batch deployment "classifier" of "mnist-batch" with:
      | <path> | <value> |
    Then the request is refused with 400 ImmutableBatchEndpoint:
      """
      Updating the <field> of an existing batch endpoint is not supported yet (endpoint 'mnist-batch'). Create a batch endpoint with a new name.
      """
    And the deployment "classifier" of "mnist-batch" uses the model "mnist:1"

    Examples:
      | field       | path                                   | value                     |
      | model       | model                                  | azureml:mnist:2           |
      | code        | code_configuration.scoring_script      | slow.mjs                  |
      | environment | environment                            | azureml:digits-env:2      |
      | compute     | compute                                | azureml:big-cluster       |

  @BE-02
  Scenario: In the 2021 preview, the fix is a batch endpoint with a new name; other settings still update
    When I update the batch deployment "classifier" of "mnist-batch" with:
      | settings.mini_batch_size | 5 |
    Then the request succeeds
    When I create the batch endpoint "mnist-batch-v2"
    And I create the batch deployment:
      """yaml
      name: classifier
      endpoint_name: mnist-batch-v2
      model: azureml:mnist:2
      environment: azureml:digits-env:1
      code_configuration: { code: fixtures/scripts, scoring_script: digit_identification.mjs }
      compute: azureml:cpu-cluster
      """
    Then the deployment "classifier" of "mnist-batch-v2" uses the model "mnist:2"
