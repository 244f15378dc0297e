@storage
Feature: What the compute may read from storage
  A batch job reads its input as the compute does. Through an identity-based datastore, or a bare
  storage URL, it reads as the compute's managed identity, which needs a data role on the storage
  account: Storage Blob Data Reader, Contributor or Owner. Through a SAS datastore it reads with
  the datastore's token, which must allow listing and reading the container. When the storage
  refuses, the job fails with the documented authentication message, and the driver log keeps
  what the storage answered. A source that holds no data cannot be mounted.

  These scenarios also run with the blobs in Azurite, a real Blob Storage endpoint, where the SAS
  tokens are real and Azurite itself refuses them (npm test's storage pass).

  Background:
    Given a workspace "main" in region "westeurope"
    And a compute cluster "cpu-cluster" with 4 nodes
    And the model "mnist" registered from "fixtures/generated/models/digits"
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs"
    And I create the batch endpoint "mnist-batch"
    And deployments use the model "mnist", the environment "digits-env", the compute "cpu-cluster" and the code in "fixtures/scripts"
    And I create the default batch deployment "classifier" of "mnist-batch" running "digit_identification.mjs"
    And the storage account "securelake"
    And "fixtures/generated/inputs/digits-small" is uploaded to "https://securelake.blob.core.windows.net/data/mnist"

  @BE-14
  Scenario Outline: The data role <role> lets the compute identity read
    Given the datastore "secure" on container "data" of "securelake" with identity credentials
    When I grant "<role>" on "securelake" to the identity of "cpu-cluster"
    And I invoke "mnist-batch" with the input "azureml://datastores/secure/paths/mnist"
    And the job runs to its end
    Then the job completes
    And 10 files succeeded and 0 failed

    Examples:
      | role                          |
      | Storage Blob Data Reader      |
      | Storage Blob Data Contributor |
      | Storage Blob Data Owner       |

  @BE-14
  Scenario Outline: The management role <role> is not a data role
    Given the datastore "secure" on container "data" of "securelake" with identity credentials
    When I grant "<role>" on "securelake" to the identity of "cpu-cluster"
    And I invoke "mnist-batch" with the input "azureml://datastores/secure/paths/mnist"
    And the job runs to its end
    Then the job fails with:
      """
      ScriptExecutionException was caused by StreamAccessException. StreamAccessException was caused by AuthenticationException.
      """
    And the log "azureml-logs/70_driver_log.txt" contains "The storage service refused the request: 403 AuthorizationPermissionMismatch."

    Examples:
      | role        |
      | Owner       |
      | Contributor |
      | Reader      |

  @BE-14
  Scenario: Storage Blob Data Reader on another account does not help
    Given the storage account "otherlake"
    And I grant "Storage Blob Data Reader" on "otherlake" to the identity of "cpu-cluster"
    When I invoke "mnist-batch" with the input "https://securelake.blob.core.windows.net/data/mnist"
    And the job runs to its end
    Then the job fails with StreamAccessAuthentication

  @BE-14
  Scenario Outline: A SAS that does not allow reading the container is refused by the storage: '<permissions>'
    Given a SAS token for container "data" of "securelake" with permissions "<permissions>"
    And the datastore "shared" on container "data" of "securelake" with that SAS token
    When I invoke "mnist-batch" with the input "azureml://datastores/shared/paths/mnist"
    And the job runs to its end
    Then the job fails with:
      """
      ScriptExecutionException was caused by StreamAccessException. StreamAccessException was caused by AuthenticationException.
      """
    And the log "azureml-logs/70_driver_log.txt" contains "The storage service refused the request: 403 AuthorizationPermissionMismatch."

    Examples: list only: the files are seen, not read
      | permissions |
      | l           |

    Examples: read only: a folder is mounted by listing it
      | permissions |
      | r           |

    Examples: write only
      | permissions |
      | acw         |

  @BE-14
  Scenario: A SAS that allows reading and listing mounts the data
    Given a SAS token for container "data" of "securelake" with permissions "rl"
    And the datastore "shared" on container "data" of "securelake" with that SAS token
    When I invoke "mnist-batch" with the input "azureml://datastores/shared/paths/mnist"
    And the job runs to its end
    Then the job completes
    And 10 files succeeded and 0 failed

  @BE-14
  Scenario: Registered data on a SAS datastore is read with the datastore's token
    Given a SAS token for container "data" of "securelake" with permissions "rl"
    And the datastore "shared" on container "data" of "securelake" with that SAS token
    And the data asset "digits" of type uri_folder at "azureml://datastores/shared/paths/mnist"
    When I invoke "mnist-batch" with the input "azureml:digits:1"
    And the job runs to its end
    Then the job completes
    And 10 files succeeded and 0 failed

  @BE-14
  Scenario: A SAS signed for another container does not open this one
    Given a SAS token for container "other" of "securelake" with permissions "rl"
    And the datastore "shared" on container "data" of "securelake" with that SAS token
    When I invoke "mnist-batch" with the input "azureml://datastores/shared/paths/mnist"
    And the job runs to its end
    Then the job fails with StreamAccessAuthentication

  @BE-15
  Scenario: An empty folder cannot be mounted, even with a SAS that allows reading
    Given a SAS token for container "data" of "securelake" with permissions "rl"
    And the datastore "shared" on container "data" of "securelake" with that SAS token
    When I invoke "mnist-batch" with the input "azureml://datastores/shared/paths/nothing/here"
    And the job runs to its end
    Then the job fails with DatasetInitializationFailed
    And the log "logs/job_progress_overview.txt" contains "Source of the dataset is either not accessible or does not contain any data."

  @BE-15
  Scenario: A container that does not exist cannot be mounted
    Given the datastore "gone" on container "missing" of "securelake" with account_key credentials
    When I invoke "mnist-batch" with the input "azureml://datastores/gone/paths/mnist"
    And the job runs to its end
    Then the job fails with DatasetInitializationFailed

  @BE-15
  Scenario: A registered file that is not there cannot be mounted
    Given the datastore "lake" on container "data" of "securelake" with account_key credentials
    And the data asset "digit" of type uri_file at "azureml://datastores/lake/paths/mnist/absent.png"
    When I invoke "mnist-batch" with the input "azureml:digit:1"
    And the job runs to its end
    Then the job fails with, <id> being the id of the data asset "azureml:digit:1":
      """
      Dataset initialization failed: UserErrorException: Message: Can't mount Dataset(id='<id>', name='None', version=None). Source of the dataset is either not accessible or does not contain any data.
      """
