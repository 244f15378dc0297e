Feature: What a batch endpoint can be invoked with
  A batch endpoint accepts input data in three forms: registered data, data in the cloud and local
  data (uploaded by the client before the job starts). Anything else is refused at once. V1
  tabular and file datasets and MLTable cannot bind the job's data node; the compute must be able
  to mount the storage the data lives in, and the data must be there.

  Background:
    Given a workspace "main" in region "westeurope"
    And a compute cluster "cpu-cluster" with 4 nodes
    And the model "mnist" registered from "fixtures/generated/models/digits"
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs"
    And I create the batch endpoint "mnist-batch"
    And deployments use the model "mnist", the environment "digits-env", the compute "cpu-cluster" and the code in "fixtures/scripts"
    And I create the default batch deployment "classifier" of "mnist-batch" running "digit_identification.mjs"

  @BE-04
  Scenario: Local data is uploaded and scored
    When I invoke "mnist-batch" with the local folder "fixtures/generated/inputs/digits-small"
    And the job runs to its end
    Then the job completes
    And 10 files succeeded and 0 failed

  @BE-04
  Scenario: A single local file is scored as a uri_file input
    When I invoke "mnist-batch" with the local file "fixtures/generated/inputs/single/digit.png"
    And the job runs to its end
    Then the job completes
    And the output file has 1 lines
    And the output holds the line "digit.png,7"

  @BE-04
  Scenario: Registered data is scored
    Given the data asset "digits" of type uri_folder at "fixtures/generated/inputs/digits-small"
    When I invoke "mnist-batch" with the input "azureml:digits:1"
    And the job runs to its end
    Then the job completes
    And 10 files succeeded and 0 failed

  @BE-04 @storage
  Scenario: Data in the cloud is scored from a datastore URI and from a storage URL
    Given the storage account "datalake"
    And "fixtures/generated/inputs/digits-small" is uploaded to "https://datalake.blob.core.windows.net/public/mnist"
    And the datastore "lake" on container "public" of "datalake" with account_key credentials
    When I invoke "mnist-batch" with the input "azureml://datastores/lake/paths/mnist"
    And the job runs to its end
    Then the job completes
    And 10 files succeeded and 0 failed

  @BE-04
  Scenario Outline: Anything else is refused at once: <case>
    When I invoke "mnist-batch" with:
      | input_type | <type> |
      | input_path | <path> |
    Then the request is refused with 400 UnsupportedInputData
    And the error message contains "<problem>"

    Examples:
      | case                      | type       | path                                   | problem                                                      |
      | an FTP address            | uri_folder | ftp://example.org/mnist                | 'ftp://example.org/mnist' is not registered data             |
      | a local path that is not there | uri_folder | fixtures/generated/inputs/nowhere | 'fixtures/generated/inputs/nowhere' is not registered data   |
      | data that was never registered | uri_folder | azureml:unknown:1                 | the registered data 'azureml:unknown:1' does not exist       |
      | an input type that is not data | custom_model | fixtures/generated/inputs/digits-small | input type 'custom_model' is not a data type            |

  @BE-16 @BE-24
  Scenario Outline: A <kind> cannot be given to a batch endpoint
    Given the data asset "legacy" of type <type> at "fixtures/generated/inputs/heart"
    When I invoke "mnist-batch" with the input "azureml:legacy:1"
    And the job runs to its end
    Then the job fails with DatasetParamMissing
    And the log "logs/job_progress_overview.txt" contains "references parameter dataset_param which doesn't have a specified value or a default value"
    And the job wrote no output file

    Examples:
      | kind                 | type       |
      | tabular dataset (V1) | tabular_v1 |
      | file dataset (V1)    | file_v1    |
      | MLTable (V2)         | mltable    |

  @BE-16
  Scenario: The data node is named in the message
    Given the data asset "legacy" of type tabular_v1 at "fixtures/generated/inputs/heart"
    When I invoke "mnist-batch" with the input "azureml:legacy:1"
    And the job runs to its end
    Then the job fails with:
      """
      Data set node 2d42969f references parameter dataset_param which doesn't have a specified value or a default value
      """

  @BE-14 @storage
  Scenario: The compute identity cannot read identity-based storage without Storage Blob Data Reader
    Given the storage account "securelake"
    And "fixtures/generated/inputs/digits-small" is uploaded to "https://securelake.blob.core.windows.net/data/mnist"
    And the datastore "secure" on container "data" of "securelake" with identity credentials
    When I invoke "mnist-batch" with the input "azureml://datastores/secure/paths/mnist"
    And the job runs to its end
    Then the job fails with:
      """
      ScriptExecutionException was caused by StreamAccessException. StreamAccessException was caused by AuthenticationException.
      """
    When I grant "Storage Blob Data Reader" on "securelake" to the identity of "cpu-cluster"
    And I invoke "mnist-batch" with the input "azureml://datastores/secure/paths/mnist"
    And the job runs to its end
    Then the job completes
    And 10 files succeeded and 0 failed

  @BE-15 @storage
  Scenario: A source that holds no data cannot be mounted
    Given the storage account "emptylake"
    And the datastore "empty" on container "data" of "emptylake" with account_key credentials
    And the data asset "nothing" of type uri_folder at "azureml://datastores/empty/paths/nothing/here"
    When I invoke "mnist-batch" with the input "azureml:nothing:1"
    And the job runs to its end
    Then the job fails with DatasetInitializationFailed
    And the log "logs/job_progress_overview.txt" contains "Dataset initialization failed: UserErrorException: Message: Can't mount Dataset(id='"
    And the log "logs/job_progress_overview.txt" contains "', name='None', version=None). Source of the dataset is either not accessible or does not contain any data."

  @BE-15 @storage
  Scenario: A storage URL pointing at nothing cannot be mounted either, even with read access
    Given the storage account "emptylake"
    And I grant "Storage Blob Data Reader" on "emptylake" to the identity of "cpu-cluster"
    When I invoke "mnist-batch" with the input "https://emptylake.blob.core.windows.net/data/missing"
    And the job runs to its end
    Then the job fails with DatasetInitializationFailed
