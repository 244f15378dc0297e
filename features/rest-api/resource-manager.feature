@rest-api
Feature: The Azure Resource Manager API of Microsoft.MachineLearningServices
  The simulator answers at Azure's paths
  (/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}/...)
  with Azure's shapes. Every call needs an api-version and a token for
  https://management.azure.com. Creating or deleting an endpoint or a deployment is a long-running
  operation: the answer (201 or 202) carries Azure-AsyncOperation and Retry-After, and the
  client polls until the operation ends. Each poll stands for the wait it was asked to make, so
  provisioning that takes minutes of service time ends after a few polls. Errors have Azure's body:
  {"error": {"code", "message", "target", "details"}}. Bodies are checked against the schemas of
  specs/schemas/arm, requests and answers alike.

  Background:
    Given the simulator serves its REST API
    And I sign in with the app registration for "https://management.azure.com"

  Scenario: A compute is created by a long-running operation and read back in Azure's shape
    When I send PUT "{workspace}/computes/cpu-cluster" with:
      """json
      { "location": "westeurope",
        "properties": { "computeType": "AmlCompute",
                        "properties": { "vmSize": "STANDARD_DS2_V2", "scaleSettings": { "minNodeCount": 0, "maxNodeCount": 3 } } } }
      """
    Then the answer is 201
    And the answer has the header "Azure-AsyncOperation"
    And the answer has the header "Retry-After"
    When I poll the operation until it ends
    Then the operation went "Succeeded"
    When I send GET "{workspace}/computes/cpu-cluster"
    Then the answer is 200
    And the answer's "type" is "Microsoft.MachineLearningServices/workspaces/computes"
    And the answer's "properties.properties.vmSize" is "STANDARD_DS2_V2"
    And the answer's "properties.properties.scaleSettings.maxNodeCount" is 3
    And the answer's "identity.type" is "SystemAssigned"

  Scenario: An unknown resource answers 404 with Azure's error body
    When I send GET "{workspace}/computes/nowhere"
    Then the request is refused with 404 ResourceNotFound:
      """
      Resource not found: no compute named 'nowhere' in workspace 'ws'.
      """

  Scenario: Every call needs an api-version
    When I send GET "{workspace}/computes/cpu-cluster" without an api-version
    Then the request is refused with 400 MissingApiVersionParameter:
      """
      The api-version query parameter (?api-version=) is required for all requests.
      """
    When I send GET "{workspace}/computes/cpu-cluster?api-version=1999-01-01"
    Then the request is refused with 400 InvalidApiVersionParameter

  Scenario: A body that breaks the schema is refused with the field it breaks, and nothing is created
    When I send PUT "{workspace}/computes/cpu-cluster" with:
      """json
      { "properties": { "computeType": "Databricks" } }
      """
    Then the request is refused with 400 ValidationError
    And the error message contains "properties.computeType must be equal to one of the allowed values: AmlCompute, Kubernetes"
    When I send GET "{workspace}/computes/cpu-cluster"
    Then the request is refused with 404 ResourceNotFound

  @BE-20
  Scenario: The management API refuses a token issued for https://ml.azure.com
    Given I sign in with the app registration for "https://ml.azure.com"
    When I send GET "{workspace}/batchEndpoints"
    Then the request is refused with 401 AudienceNotAllowed:
      """
      Audiences in JWT are not allowed
      """
    And the answer's header "WWW-Authenticate" contains "error=\"invalid_token\""

  @BE-05
  Scenario: Deleting an endpoint is long-running; its name stays taken in the region until it is gone
    Given a compute cluster "cpu-cluster" with 2 nodes
    When I send PUT "{workspace}/batchEndpoints/scoring" with:
      """json
      { "location": "westeurope", "properties": { "authMode": "AADToken" } }
      """
    Then the answer is 201
    When I send DELETE "{workspace}/batchEndpoints/scoring"
    Then the answer is 202
    And the answer has the header "Location"
    When I send PUT "{workspace}/batchEndpoints/scoring" with:
      """json
      { "location": "westeurope", "properties": { "authMode": "AADToken" } }
      """
    Then the request is refused with 409 EndpointNameUnavailable:
      """
      The provided endpoint name 'scoring' exists or is being deleted in region 'westeurope'. Create a batch endpoint with a new name.
      """
    When I send DELETE "{workspace}/batchEndpoints/scoring"
    Then the request is refused with 409 EndpointNameUnavailable
    When I send GET "{workspace}/batchEndpoints/scoring"
    Then the answer's "properties.provisioningState" is "Deleting"

  @BE-05
  Scenario: Polling the deletion covers the deletion time; then the name is free again
    When I send PUT "{workspace}/batchEndpoints/scoring" with:
      """json
      { "location": "westeurope", "properties": { "authMode": "AADToken" } }
      """
    And I send DELETE "{workspace}/batchEndpoints/scoring"
    And I poll the operation until it ends
    Then the operation went "InProgress, Succeeded"
    And the polling covered at least 5 minutes of service time
    When I send PUT "{workspace}/batchEndpoints/scoring" with:
      """json
      { "location": "westeurope", "properties": { "authMode": "AADToken" } }
      """
    Then the answer is 201

  @BE-20 @storage
  Scenario: A batch job over HTTP: invoked on the scoring URI with an ml.azure.com token, read back until it ends
    Given a compute cluster "cpu-cluster" with 2 nodes
    And the model "mnist" registered from "fixtures/generated/models/digits"
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs"
    And the data asset "digits" of type uri_folder at "fixtures/generated/inputs/digits-small"
    When I send PUT "{workspace}/codes/scoring/versions/1" with:
      """json
      { "properties": { "codeUri": "fixtures/scripts" } }
      """
    Then the request is refused with 400 UnsupportedUri
    When I register the code "scoring" version "1" from the folder "fixtures/scripts"
    And I send PUT "{workspace}/batchEndpoints/mnist-batch" with:
      """json
      { "location": "westeurope", "properties": { "authMode": "AADToken" } }
      """
    And I send PUT "{workspace}/batchEndpoints/mnist-batch/deployments/blue" with:
      """json
      { "location": "westeurope",
        "properties": { "model": { "referenceType": "Id", "assetId": "{workspace}/models/mnist/versions/1" },
                        "codeConfiguration": { "codeId": "{workspace}/codes/scoring/versions/1", "scoringScript": "digit_identification.mjs" },
                        "environmentId": "{workspace}/environments/digits-env/versions/1",
                        "compute": "{workspace}/computes/cpu-cluster",
                        "miniBatchSize": 5, "retrySettings": { "maxRetries": 2, "timeout": "PT45S" } } }
      """
    Then the answer is 201
    And the answer's "properties.retrySettings.timeout" is "PT45S"
    And the answer's "properties.miniBatchSize" is 5
    When I send PUT "{workspace}/batchEndpoints/mnist-batch" with:
      """json
      { "location": "westeurope", "properties": { "authMode": "AADToken", "defaults": { "deploymentName": "blue" } } }
      """
    Then the answer is 200
    And the answer's "properties.defaults.deploymentName" is "blue"
    When I send GET "{workspace}/batchEndpoints/mnist-batch"
    And I keep the answer's "properties.scoringUri" as the scoring URI
    And I send POST to the scoring URI with:
      """json
      { "properties": { "InputData": { "digits": { "JobInputType": "UriFolder", "Uri": "azureml:digits:1" } } } }
      """
    Then the request is refused with 401 AudienceNotAllowed
    Given I sign in with the app registration for "https://ml.azure.com"
    When I send POST to the scoring URI with:
      """json
      { "properties": { "InputData": { "digits": { "JobInputType": "UriFolder", "Uri": "azureml:digits:1" } },
                        "OutputData": { "score": { "JobOutputType": "UriFile", "Uri": "azureml://datastores/workspaceblobstore/paths/out/digits.csv" } } } }
      """
    Then the answer is 200
    And the answer's "properties.status" is "Queued"
    Given I sign in with the app registration for "https://management.azure.com"
    When I read the job "name" of the last answer until it ends
    Then the job went from Queued to Completed
    And the answer's "properties.outputs.output_data.uri" is "azureml://datastores/workspaceblobstore/paths/out/digits.csv"
    And the job's output file has 10 lines

  @OD-01 @OD-05
  Scenario: An online deployment's creation is long-running on the virtual clock; init() raising makes it fail
    Given the model "mnist" registered from "fixtures/generated/models/digits"
    And the environment "online-env" with packages "azureml-core, onnxruntime"
    And I register the code "online" version "1" from the folder "fixtures/scripts/online"
    And I register the code "broken" version "1" from the folder "fixtures/scripts"
    When I send PUT "{workspace}/onlineEndpoints/mnist-online" with:
      """json
      { "location": "westeurope", "properties": { "authMode": "Key" } }
      """
    And I send PUT "{workspace}/onlineEndpoints/mnist-online/deployments/blue" with:
      """json
      { "location": "westeurope", "sku": { "name": "Default", "capacity": 1 },
        "properties": { "endpointComputeType": "Managed", "model": "{workspace}/models/mnist/versions/1",
                        "codeConfiguration": { "codeId": "{workspace}/codes/online/versions/1", "scoringScript": "score.mjs" },
                        "environmentId": "{workspace}/environments/online-env/versions/1", "instanceType": "Standard_DS3_v2" } }
      """
    Then the answer is 201
    And the answer's "properties.provisioningState" is "Creating"
    When I poll the operation until it ends
    Then the operation went "InProgress, Succeeded"
    And the polling covered at least 1 minutes of service time
    When I send PUT "{workspace}/onlineEndpoints/mnist-online" with:
      """json
      { "location": "westeurope", "properties": { "authMode": "Key", "traffic": { "blue": 100 } } }
      """
    And I score "mnist-online" on its scoring URI with the key "primary" and the body:
      """json
      { "data": [[0]] }
      """
    Then the answer is 200
    And the answer's header "azureml-model-deployment" contains "blue"
    When I score "mnist-online" on its scoring URI with the key "not-a-key" and the body:
      """json
      { "data": [[0]] }
      """
    Then the request is refused with 401 InvalidKey
    When I send PUT "{workspace}/onlineEndpoints/mnist-online/deployments/green" with:
      """json
      { "location": "westeurope",
        "properties": { "endpointComputeType": "Managed", "model": "{workspace}/models/mnist/versions/1",
                        "codeConfiguration": { "codeId": "{workspace}/codes/broken/versions/1", "scoringScript": "init_raises.mjs" },
                        "environmentId": "{workspace}/environments/online-env/versions/1" } }
      """
    And I poll the operation until it ends
    Then the operation went "InProgress, Failed"
