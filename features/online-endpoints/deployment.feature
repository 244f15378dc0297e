Feature: Online deployments coming up, and why they fail to
  Deploying a model runs in a documented order: the image is built (or reused), pulled to the
  compute, the model store is mounted, and init() runs when the server starts. A container that no
  node can hold fails after five minutes; init() raising makes it crash-loop; the service logs
  show init()'s output.

  Background:
    Given a workspace "main" in region "westeurope"
    And the model "mnist" registered from "fixtures/generated/models/digits"
    And the environment "online-env" with packages "azureml-core, onnxruntime"
    And I create the online endpoint:
      """yaml
      name: mnist-online
      """

  @OD-01 @OD-03
  Scenario: A deployment goes through the documented steps in order; the service logs show init()
    When I create the online deployment:
      """yaml
      name: blue
      endpoint_name: mnist-online
      model: azureml:mnist:1
      code_configuration: { code: fixtures/scripts/online, scoring_script: score.mjs }
      environment: azureml:online-env:1
      """
    And the deployment comes up
    Then the deployment is Ready
    And the deployment went through, in order:
      | ImageBuilding |
      | ImagePulling  |
      | Scheduling    |
      | ModelMounting |
      | Initializing  |
      | Ready         |
    And the service logs contain "init(): model found at 1"
    And the service logs contain "building the image for environment online-env:1"

  @OD-01
  Scenario: A second deployment of the same environment reuses the image
    When I create the online deployment:
      """yaml
      name: blue
      endpoint_name: mnist-online
      model: azureml:mnist:1
      code_configuration: { code: fixtures/scripts/online, scoring_script: score.mjs }
      environment: azureml:online-env:1
      """
    And the deployment comes up
    And I create the online deployment:
      """yaml
      name: green
      endpoint_name: mnist-online
      model: azureml:mnist:1
      code_configuration: { code: fixtures/scripts/online, scoring_script: score.mjs }
      environment: azureml:online-env:1
      """
    And the deployment comes up
    Then the deployment is Ready
    And the service logs contain "image for environment online-env:1 reused from the workspace's container registry"

  @OD-04
  Scenario Outline: A replica that no node can hold fails after 5 minutes, naming the short resource (<resource>)
    Given a compute cluster "aks-cluster" with 3 nodes of size "STANDARD_DS3_V2"
    And I create the online endpoint:
      """yaml
      name: on-aks
      compute: azureml:aks-cluster
      """
    When I create the online deployment:
      """yaml
      name: big
      endpoint_name: on-aks
      model: azureml:mnist:1
      code_configuration: { code: fixtures/scripts/online, scoring_script: score.mjs }
      environment: azureml:online-env:1
      resources: <resources>
      """
    And the deployment comes up
    Then the deployment failed with:
      """
      Couldn't Schedule because the kubernetes cluster didn't have available resources after trying for 00:05:00. 0/3 nodes are available: 3 Insufficient <resource>.
      """
    And the deployment failed after 5 minutes of service time

    Examples:
      | resource       | resources                 |
      | nvidia.com/gpu | { gpu: 1 }                |
      | cpu            | { cpu: 16 }               |
      | memory         | { memory_gb: 64 }         |

  @OD-04
  Scenario: The fix: nodes with GPUs
    Given a compute cluster "gpu-cluster" with 2 nodes of size "STANDARD_NC6"
    And I create the online endpoint:
      """yaml
      name: on-gpu
      compute: azureml:gpu-cluster
      """
    When I create the online deployment:
      """yaml
      name: big
      endpoint_name: on-gpu
      model: azureml:mnist:1
      code_configuration: { code: fixtures/scripts/online, scoring_script: score.mjs }
      environment: azureml:online-env:1
      resources: { gpu: 1 }
      """
    And the deployment comes up
    Then the deployment is Ready

  @OD-05 @OD-03
  Scenario: init() raising makes the container crash-loop, then the deployment fails
    When I create the online deployment:
      """yaml
      name: broken
      endpoint_name: mnist-online
      model: azureml:mnist:1
      code_configuration: { code: fixtures/scripts, scoring_script: init_raises.mjs }
      environment: azureml:online-env:1
      """
    And the deployment comes up
    Then the deployment failed with:
      """
      The deployment failed: the container is in CrashLoopBackOff after 5 restarts: init() raised Error: Model file not found: model.pkl. See the service logs (get-logs).
      """
    And the deployment went through, in order:
      | ImageBuilding    |
      | ImagePulling     |
      | Scheduling       |
      | ModelMounting    |
      | Initializing     |
      | CrashLoopBackOff |
      | Failed           |
    And the service logs have 6 lines containing "broken-0: init() raised:"

  @OD-06
  Scenario: get_model_path fails when the model is not where the script looks; DEBUG logging shows where
    When I create the online deployment:
      """yaml
      name: lost
      endpoint_name: mnist-online
      model: azureml:mnist:1
      code_configuration: { code: fixtures/scripts/online, scoring_script: score.mjs }
      environment: azureml:online-env:1
      environment_variables: { MODEL_NAME: my-best-model, AZUREML_LOG_LEVEL: DEBUG }
      """
    And the deployment comes up
    Then the deployment is Failed
    And the service logs contain "ModelNotFoundException: Model not found: 'my-best-model' is not in azureml-models/my-best-model/<latest> (paths are relative to /var/azureml-app)."
    And the service logs contain "DEBUG:azureml.core.model:Looking for model 'my-best-model' in"

  @OD-06
  Scenario: The fix: look for the deployed model's name
    When I create the online deployment:
      """yaml
      name: found
      endpoint_name: mnist-online
      model: azureml:mnist:1
      code_configuration: { code: fixtures/scripts/online, scoring_script: score.mjs }
      environment: azureml:online-env:1
      environment_variables: { MODEL_NAME: mnist, AZUREML_LOG_LEVEL: DEBUG }
      """
    And the deployment comes up
    Then the deployment is Ready
    And the service logs contain "DEBUG:azureml.core.model:Found model at"

  @OD-11
  Scenario: An image build that fails on pynacl is fixed by pinning pynacl==1.2.1
    Given the environment "nacl-env" with packages "azureml-core, onnxruntime, pynacl"
    When I create the online deployment:
      """yaml
      name: nacl
      endpoint_name: mnist-online
      model: azureml:mnist:1
      code_configuration: { code: fixtures/scripts/online, scoring_script: score.mjs }
      environment: azureml:nacl-env:1
      """
    And the deployment comes up
    Then the deployment failed with:
      """
      Image build failed: pip could not build pynacl for this image. Add "pynacl==1.2.1" as a pip dependency of the environment.
      """
    Given the environment "nacl-env" with packages "azureml-core, onnxruntime, pynacl==1.2.1"
    When I create the online deployment:
      """yaml
      name: nacl-pinned
      endpoint_name: mnist-online
      model: azureml:mnist:1
      code_configuration: { code: fixtures/scripts/online, scoring_script: score.mjs }
      environment: azureml:nacl-env:2
      """
    And the deployment comes up
    Then the deployment is Ready

  @OD-11
  Scenario: FPGA deployment is refused without an approved quota
    When I create the online deployment:
      """yaml
      name: fpga
      endpoint_name: mnist-online
      model: azureml:mnist:1
      code_configuration: { code: fixtures/scripts/online, scoring_script: score.mjs }
      environment: azureml:online-env:1
      resources: { fpga: 1 }
      """
    Then the request is refused with 400 FpgaQuotaRequired:
      """
      FPGA deployments need an approved FPGA quota; request one at https://aka.ms/aml-real-time-ai.
      """

  @OD-02 @in-process-only
  Scenario: A local deployment needs a container engine on this machine
    When I create the online endpoint:
      """yaml
      name: local-endpoint
      compute: local
      """
    Then the request is refused with 400 LocalDeploymentNeedsEngine:
      """
      A local deployment builds its image on this machine and needs a container engine (Docker); the in-process runtime has none.
      """

  @OD-02 @container-only
  Scenario: A local deployment builds and runs its image on this machine's container engine
    Given I create the online endpoint:
      """yaml
      name: local-endpoint
      compute: local
      """
    When I create the online deployment:
      """yaml
      name: local
      endpoint_name: local-endpoint
      model: azureml:mnist:1
      code_configuration: { code: fixtures/scripts/online, scoring_script: score.mjs }
      environment: azureml:online-env:1
      """
    And the deployment comes up
    And I send "{local: 100}" traffic to "local-endpoint"
    And I score the image "fixtures/generated/inputs/single/digit.png" on "local-endpoint"
    Then the response is 200 with the body "{\"result\": [7]}"
