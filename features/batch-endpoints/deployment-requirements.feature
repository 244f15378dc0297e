Feature: What a batch deployment needs, and what batch endpoints do not support
  A batch deployment names a model, a compute and, for any model that is not an MLflow model, a
  scoring script and an environment. Its settings follow the CLI v2 YAML schema: a value outside
  the documented ranges, of the wrong type or under an unknown name is refused, naming the field,
  and nothing is created.

  Background:
    Given a workspace "main" in region "westeurope"
    And a compute cluster "cpu-cluster" with 4 nodes
    And the model "mnist" registered from "fixtures/generated/models/digits"
    And the MLflow model "mnist-mlflow" registered from "fixtures/generated/models/digits-mlflow"
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs"
    And I create the batch endpoint "mnist-batch"
    And deployments use the model "mnist", the environment "digits-env", the compute "cpu-cluster" and the code in "fixtures/scripts"

  @BE-01
  Scenario: A non-MLflow model without a scoring script is refused
    When I create the batch deployment:
      """yaml
      name: no-code
      endpoint_name: mnist-batch
      model: azureml:mnist:1
      environment: azureml:digits-env:1
      compute: azureml:cpu-cluster
      """
    Then the request is refused with 400 MissingCodeOrEnvironment:
      """
      Missing code configuration or environment: deployment 'no-code' uses the non-MLflow model 'mnist:1'. Provide a scoring script and an environment definition; code-free deployment is supported for MLflow models only.
      """
    And the batch endpoint "mnist-batch" has no deployment "no-code"

  @BE-01
  Scenario: A non-MLflow model without an environment is refused
    When I create the batch deployment:
      """yaml
      name: no-env
      endpoint_name: mnist-batch
      model: azureml:mnist:1
      code_configuration:
        code: fixtures/scripts
        scoring_script: digit_identification.mjs
      compute: azureml:cpu-cluster
      """
    Then the request is refused with 400 MissingCodeOrEnvironment
    And the error names the field "environment"

  @BE-01
  Scenario: An MLflow model deploys without code and scores with the built-in driver
    When I create the default batch deployment:
      """yaml
      name: code-free
      endpoint_name: mnist-batch
      model: azureml:mnist-mlflow:1
      compute: azureml:cpu-cluster
      """
    Then the request succeeds
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job completes
    And 10 files succeeded and 0 failed
    And the output holds the line "digit-007-7.png,0,7"

  @BE-01
  Scenario: A non-MLflow model with a scoring script and an environment deploys
    When I create the batch deployment "classifier" of "mnist-batch" running "digit_identification.mjs"
    Then the request succeeds

  @BE-22
  Scenario Outline: Batch endpoints are not supported in a workspace with <configuration>
    Given a workspace "restricted" in region "westeurope" with <configuration>
    When I create the batch endpoint "restricted-batch"
    Then the request is refused with 400 UnsupportedWorkspaceConfiguration:
      """
      Batch endpoints are not supported in workspace 'restricted': <reason>.
      """

    Examples:
      | configuration         | reason                                                  |
      | registry quarantine   | its Azure Container Registry has quarantine enabled     |
      | customer-managed keys | it is encrypted with customer-managed keys (CMK)        |

  @BE-23
  Scenario: Azure Arc Kubernetes clusters are not supported
    Given a compute "arc-cluster" of type arc_kubernetes
    When I create the batch deployment:
      """yaml
      name: on-arc
      endpoint_name: mnist-batch
      model: azureml:mnist:1
      environment: azureml:digits-env:1
      code_configuration: { code: fixtures/scripts, scoring_script: digit_identification.mjs }
      compute: azureml:arc-cluster
      """
    Then the request is refused with 400 UnsupportedCompute:
      """
      Batch deployments do not support Azure Arc Kubernetes clusters (compute 'arc-cluster').
      """

  @BE-23
  Scenario: Granular resource requests on Kubernetes are refused; only the instance count may be asked for
    Given a compute "aks-cluster" of type kubernetes
    When I create the batch deployment:
      """yaml
      name: granular
      endpoint_name: mnist-batch
      model: azureml:mnist:1
      environment: azureml:digits-env:1
      code_configuration: { code: fixtures/scripts, scoring_script: digit_identification.mjs }
      compute: azureml:aks-cluster
      resources:
        instance_count: 2
        requests: { cpu: "2", memory: 4Gi }
      """
    Then the request is refused with 400 UnsupportedCompute
    And the error message contains "granular resource requests (cpu, memory); only resources.instance_count may be requested"
    When I create the batch deployment:
      """yaml
      name: counted
      endpoint_name: mnist-batch
      model: azureml:mnist:1
      environment: azureml:digits-env:1
      code_configuration: { code: fixtures/scripts, scoring_script: digit_identification.mjs }
      compute: azureml:aks-cluster
      resources:
        instance_count: 2
      """
    Then the request succeeds

  @BE-25 @BE-13
  Scenario: Omitted settings take the documented defaults
    When I create the batch deployment "defaults" of "mnist-batch" running "digit_identification.mjs"
    Then the deployment "defaults" of "mnist-batch" has "settings.mini_batch_size" set to "10"
    And the deployment "defaults" of "mnist-batch" has "settings.retry_settings" set to "{max_retries: 3, timeout: 30}"
    And the deployment "defaults" of "mnist-batch" has "settings.error_threshold" set to "-1"
    And the deployment "defaults" of "mnist-batch" has "settings.logging_level" set to "info"
    And the deployment "defaults" of "mnist-batch" has "settings.output_action" set to "append_row"
    And the deployment "defaults" of "mnist-batch" has "settings.output_file_name" set to "predictions.csv"
    And the deployment "defaults" of "mnist-batch" has "settings.max_concurrency_per_instance" set to "1"
    And the deployment "defaults" of "mnist-batch" has "settings.resource_monitor_interval" set to "600"
    And the deployment "defaults" of "mnist-batch" has "resources.instance_count" set to "1"

  @BE-25 @BE-13
  Scenario Outline: A setting that breaks its rule is refused, naming the field and the rule
    When I create the default batch deployment "bad" of "mnist-batch" running "digit_identification.mjs" with:
      | <field> | <value> |
    Then the request is refused with 400 ValidationError
    And the error names the field "<field>"
    And the error message contains "<rule>"
    And the batch endpoint "mnist-batch" has no deployment "bad"

    Examples:
      | field                               | value         | rule                                                        |
      | settings.error_threshold            | -2            | settings.error_threshold must be >= -1 (minimum)            |
      | settings.error_threshold            | 2147483648    | settings.error_threshold must be <= 2147483647 (maximum)    |
      | settings.mini_batch_size            | 0             | settings.mini_batch_size must be >= 1 (minimum)             |
      | settings.mini_batch_size            | ten           | settings.mini_batch_size must be integer (type)             |
      | settings.retry_settings.timeout     | 0             | settings.retry_settings.timeout must be >= 1 (minimum)      |
      | settings.retry_settings.max_retries | -1            | settings.retry_settings.max_retries must be >= 0 (minimum)  |
      | settings.logging_level              | verbose       | must be equal to one of the allowed values: info, warning, debug (enum) |
      | settings.output_action              | overwrite     | must be equal to one of the allowed values: append_row, summary_only (enum) |
      | settings.output_file_name           | out/pred.csv  | settings.output_file_name must match pattern                |
      | settings.max_concurrency_per_instance | 0           | settings.max_concurrency_per_instance must be >= 1 (minimum) |
      | resources.instance_count            | 0             | resources.instance_count must be >= 1 (minimum)             |
      | settings.mini_batch_sise            | 5             | settings.mini_batch_sise is not a known field (additionalProperties) |

  @BE-25
  Scenario: The boundaries of error_threshold are accepted
    When I create the default batch deployment "lowest" of "mnist-batch" running "digit_identification.mjs" with:
      | settings.error_threshold | -1 |
    Then the request succeeds
    When I create the default batch deployment "highest" of "mnist-batch" running "digit_identification.mjs" with:
      | settings.error_threshold | 2147483647 |
    Then the request succeeds
