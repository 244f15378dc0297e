Feature: ParallelRunConfig settings
  mini_batch_size is a file count for a FileDataset (minimum 1, default 10) and a size for a
  TabularDataset (1024, 1024KB, 10MB, 1GB; default 1MB) that never crosses a file boundary.
  error_threshold counts failed files or records over the whole input. node_count and
  process_count_per_node set the workers; run_invocation_timeout (60 s) and run_max_try (3) bound
  run(); logging_level is WARNING, INFO or DEBUG; the step name has documented rules.

  Background:
    Given a workspace "main" in region "westeurope"
    And a compute cluster "cpu-cluster" with 4 nodes
    And the environment "digits-env" with packages "azureml-core, onnxruntime, pngjs"
    And the file dataset "mnist-files" registered from "fixtures/generated/inputs/digits"
    And the tabular dataset "mixed-table" registered from "fixtures/generated/inputs/tabular-mixed"

  @PRS-06
  Scenario Outline: A FileDataset is cut into mini-batches of mini_batch_size files (<case>)
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: score-digits
          parallel_run_config:
            entry_script: partial.mjs
            source_directory: fixtures/scripts
            <setting>
            error_threshold: -1
            output_action: summary_only
            compute_target: cpu-cluster
            node_count: 1
            environment: azureml:digits-env:1
            environment_variables: { FAIL_MATCH: "none" }
          inputs: [azureml:mnist-files:1]
          output: scores
      """
    And the pipeline run ends
    Then the step "score-digits" processed <batches> of <batches> mini-batches: 100 files succeeded and 0 failed

    Examples:
      | case        | setting              | batches |
      | the default | process_count_per_node: 1 | 10 |
      | 1 file each | mini_batch_size: 1   | 100     |
      | 30 files    | mini_batch_size: 30  | 4       |

  @PRS-06
  Scenario: mini_batch_size 0 is refused
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: score-digits
          parallel_run_config:
            entry_script: partial.mjs
            source_directory: fixtures/scripts
            mini_batch_size: 0
            error_threshold: -1
            output_action: summary_only
            compute_target: cpu-cluster
            node_count: 1
          inputs: [azureml:mnist-files:1]
          output: scores
      """
    Then the request is refused with 400 ValidationError
    And the error message contains "steps.0.parallel_run_config.mini_batch_size must be >= 1 (minimum)"

  @PRS-07 @PRS-02
  Scenario: A TabularDataset of files of mixed sizes is cut by size, never across a file boundary
    # The documented example at 1/1024 scale: files from about 100 bytes to 10 KB with 1KB
    # mini-batches (the docs: 100 KB to 10 MB with 1MB). Records are 29 bytes: 35 fit in 1 KB.
    # Small files are grouped whole; larger ones are split into pieces of their own.
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: score-table
          parallel_run_config:
            entry_script: tabular_score.mjs
            source_directory: fixtures/scripts
            mini_batch_size: 1KB
            error_threshold: -1
            output_action: summary_only
            compute_target: cpu-cluster
            node_count: 1
            environment: azureml:digits-env:1
          inputs: [azureml:mixed-table:1]
          output: scores
      """
    And the pipeline run ends
    Then the pipeline run completes
    And the step "score-table" cut its input into these mini-batches:
      | mini-batch | pieces                  | items |
      | 0          | a.csv, b.csv, c.csv     | 34    |
      | 1          | d.csv[0:35]             | 35    |
      | 2          | d.csv[35:70]            | 35    |
      | 3          | d.csv[70:85]            | 15    |
      | 4          | e.csv[0:35]             | 35    |
      | 5          | e.csv[35:70]            | 35    |
      | 6          | e.csv[70:105]           | 35    |
      | 7          | e.csv[105:140]          | 35    |
      | 8          | e.csv[140:175]          | 35    |
      | 9          | e.csv[175:210]          | 35    |
      | 10         | e.csv[210:245]          | 35    |
      | 11         | e.csv[245:280]          | 35    |
      | 12         | e.csv[280:315]          | 35    |
      | 13         | e.csv[315:350]          | 35    |
      | 14         | e.csv[350:352]          | 2     |
    And the step "score-table" processed 15 of 15 mini-batches: 471 records succeeded and 0 failed

  @PRS-07
  Scenario: By default a TabularDataset mini-batch is 1MB: these small files make one
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: score-table
          parallel_run_config:
            entry_script: tabular_score.mjs
            source_directory: fixtures/scripts
            error_threshold: -1
            output_action: summary_only
            compute_target: cpu-cluster
            node_count: 1
            environment: azureml:digits-env:1
          inputs: [azureml:mixed-table:1]
          output: scores
      """
    And the pipeline run ends
    Then the step "score-table" cut its input into these mini-batches:
      | mini-batch | pieces                               | items |
      | 0          | a.csv, b.csv, c.csv, d.csv, e.csv    | 471   |

  @PRS-08
  Scenario Outline: error_threshold <threshold> over <failures> failed <unit>: the step <outcome>
    Given the tabular dataset "heart-table" registered from "fixtures/generated/inputs/heart-rows"
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: score
          parallel_run_config:
            entry_script: <script>
            source_directory: fixtures/scripts
            mini_batch_size: <size>
            error_threshold: <threshold>
            output_action: summary_only
            compute_target: cpu-cluster
            node_count: 1
            environment: azureml:digits-env:1
            environment_variables: { FAIL_IDS: "p1003,p2007,p3001", FAIL_MATCH: "-3.png" }
          inputs: [<dataset>]
          output: scores
      """
    And the pipeline run ends
    Then the step "score" is <status>

    Examples:
      | unit    | script            | size  | dataset                  | failures | threshold | outcome             | status    |
      | records | tabular_score.mjs | 400   | azureml:heart-table:1    | 3        | -1        | ignores them        | Completed |
      | records | tabular_score.mjs | 400   | azureml:heart-table:1    | 3        | 3         | completes           | Completed |
      | records | tabular_score.mjs | 400   | azureml:heart-table:1    | 3        | 2         | is aborted          | Failed    |
      | files   | partial.mjs       | 10    | azureml:mnist-files:1    | 10       | 10        | completes           | Completed |
      | files   | partial.mjs       | 10    | azureml:mnist-files:1    | 10       | 9         | is aborted          | Failed    |

  @PRS-08
  Scenario: Above the threshold the step is aborted with the counts
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: score
          parallel_run_config:
            entry_script: partial.mjs
            source_directory: fixtures/scripts
            error_threshold: 0
            output_action: append_row
            compute_target: cpu-cluster
            node_count: 1
          inputs: [azureml:mnist-files:1]
          output: scores
      """
    And the pipeline run ends
    Then the step "score" failed with:
      """
      Step 'score' failed: The job was aborted: 1 failed files exceed the error_threshold of 0.
      """
    And the step "score" processed 1 of 10 mini-batches: 9 files succeeded and 1 failed

  @PRS-09
  Scenario Outline: append_row writes <file>
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
            <setting>
            compute_target: cpu-cluster
            node_count: 1
          inputs: [azureml:mnist-files:1]
          output: scores
      """
    And the pipeline run ends
    Then the file "<file>" of output "scores" of step "score" has 90 lines

    Examples:
      | file                  | setting                                |
      | parallel_run_step.txt | process_count_per_node: 1              |
      | digits.txt            | append_row_file_name: digits.txt       |

  @PRS-09
  Scenario: output_action must be summary_only or append_row
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
            output_action: overwrite
            compute_target: cpu-cluster
            node_count: 1
          inputs: [azureml:mnist-files:1]
          output: scores
      """
    Then the request is refused with 400 ValidationError
    And the error message contains "steps.0.parallel_run_config.output_action must be equal to one of the allowed values: summary_only, append_row (enum)"

  @PRS-10
  Scenario: Only AmlCompute is supported
    Given a compute "aks-cluster" of type kubernetes
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
            compute_target: aks-cluster
            node_count: 1
          inputs: [azureml:mnist-files:1]
          output: scores
      """
    And the pipeline run ends
    Then the step "score" failed with:
      """
      ParallelRunStep supports only AmlCompute compute targets; 'aks-cluster' is kubernetes.
      """

  @PRS-11
  Scenario Outline: node_count <nodes> x process_count_per_node <processes> gives <workers> workers
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: score
          parallel_run_config:
            entry_script: slow.mjs
            source_directory: fixtures/scripts
            mini_batch_size: 1
            error_threshold: -1
            output_action: summary_only
            compute_target: cpu-cluster
            node_count: <nodes>
            <processes_setting>
            environment_variables: { SKIP_MODEL: "1", SLEEP_SECONDS: "30" }
          inputs: [azureml:mnist-files:1]
          output: scores
      """
    And the pipeline run ends
    Then the pipeline run completes
    And the log "azureml-logs/70_driver_log.txt" of step "score" has <workers> lines containing "calling init()"
    And the log "logs/sys/master_role.txt" of step "score" contains "Scheduling on <nodes> node(s) x <processes> process(es)"
    And the step "score" has <workers> logs under "logs/sys/node/"

    Examples:
      | nodes | processes | processes_setting         | workers |
      | 1     | 1         | process_count_per_node: 1 | 1       |
      | 2     | 3         | process_count_per_node: 3 | 6       |

  @PRS-12
  Scenario Outline: logging_level <level> is accepted
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: score
          parallel_run_config:
            entry_script: logging.mjs
            source_directory: fixtures/scripts
            mini_batch_size: 100
            error_threshold: -1
            output_action: summary_only
            compute_target: cpu-cluster
            node_count: 1
            logging_level: <level>
          inputs: [azureml:mnist-files:1]
          output: scores
      """
    And the pipeline run ends
    Then the pipeline run completes
    And the log "logs/user/stdout/10.0.0.4/process000.stdout.txt" of step "score" has <debug> lines containing "DEBUG:azureml:"
    And the log "logs/user/stdout/10.0.0.4/process000.stdout.txt" of step "score" has <info> lines containing "INFO:azureml:"

    Examples:
      | level   | debug | info |
      | DEBUG   | 2     | 2    |
      | INFO    | 0     | 2    |
      | WARNING | 0     | 0    |

  @PRS-12
  Scenario: Another logging_level is refused
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
            logging_level: VERBOSE
          inputs: [azureml:mnist-files:1]
          output: scores
      """
    Then the request is refused with 400 ValidationError
    And the error names the field "steps.0.parallel_run_config.logging_level"

  @PRS-13
  Scenario: run() past the 60 s run_invocation_timeout on each of its 3 tries fails that mini-batch only
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: score
          parallel_run_config:
            entry_script: slow.mjs
            source_directory: fixtures/scripts
            mini_batch_size: 10
            error_threshold: -1
            output_action: summary_only
            compute_target: cpu-cluster
            node_count: 1
            environment_variables: { SKIP_MODEL: "1", SLEEP_PER_FILE: "1", SLOW_FILES: "^digit-00", SLOW_SECONDS: "90" }
          inputs: [azureml:mnist-files:1]
          output: scores
      """
    And the pipeline run ends
    Then the pipeline run completes
    And the step "score" processed 10 of 10 mini-batches: 90 files succeeded and 10 failed
    And the log "logs/sys/master_role.txt" of step "score" has 3 lines containing "No progress update in 60 seconds."
    And the step "score" took at least 180 seconds of service time

  @PRS-13
  Scenario: run() raising on every try fails the mini-batch after run_max_try tries
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: score
          parallel_run_config:
            entry_script: run_raises.mjs
            source_directory: fixtures/scripts
            error_threshold: -1
            output_action: summary_only
            compute_target: cpu-cluster
            node_count: 1
            run_max_try: 2
            environment_variables: { RAISE_ON: "digit-05" }
          inputs: [azureml:mnist-files:1]
          output: scores
      """
    And the pipeline run ends
    Then the pipeline run completes
    And the step "score" processed 10 of 10 mini-batches: 90 files succeeded and 10 failed
    And the log "logs/user/error.txt" of step "score" has 2 lines containing "Run failed on purpose: digit-050-0.png"

  @PRS-15
  Scenario Outline: The step name <rule>
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: <name>
          parallel_run_config:
            entry_script: partial.mjs
            source_directory: fixtures/scripts
            error_threshold: -1
            output_action: summary_only
            compute_target: cpu-cluster
            node_count: 1
          inputs: [azureml:mnist-files:1]
          output: scores
      """
    Then the request is refused with 400 ValidationError
    And the error message contains "<problem>"

    Examples:
      | rule                          | name                                | problem                                          |
      | has at least 3 characters     | ab                                  | must NOT have fewer than 3 characters (minLength) |
      | has at most 32 characters     | a-step-name-that-is-far-too-long-x  | must NOT have more than 32 characters (maxLength) |
      | starts with a lowercase letter | 1-score                            | must match pattern                               |
      | does not end with a hyphen    | score-                              | must match pattern                               |
      | has no capital letters        | Score                               | must match pattern                               |

  @PRS-15
  Scenario: Step names are unique in a pipeline
    When I submit the pipeline:
      """yaml
      name: scoring
      steps:
        - type: parallel_run
          name: score
          parallel_run_config: { entry_script: partial.mjs, source_directory: fixtures/scripts, error_threshold: -1, output_action: summary_only, compute_target: cpu-cluster, node_count: 1 }
          inputs: [azureml:mnist-files:1]
          output: first
        - type: parallel_run
          name: score
          parallel_run_config: { entry_script: partial.mjs, source_directory: fixtures/scripts, error_threshold: -1, output_action: summary_only, compute_target: cpu-cluster, node_count: 1 }
          inputs: [azureml:mnist-files:1]
          output: second
      """
    Then the request is refused with 400 StepNameNotUnique:
      """
      Step names must be unique in a pipeline: 'score' is used 2 times.
      """
