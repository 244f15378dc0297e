/**
 * The entry-script contract, in JavaScript: what a scoring script exports and what the runtime
 * hands it. It mirrors Azure ML's Python contract (init() once per worker process, run(mini_batch)
 * per mini-batch) and adds one optional argument, the context, for what Python scripts get from
 * their environment (argv, logging, the model directory, installed packages).
 */

export type LoggingLevel = 'DEBUG' | 'INFO' | 'WARNING';

/** Python's logging.basicConfig format, so lines read "ERROR:azureml:Error processing input file". */
export interface EntryScriptLogger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

export interface EntryScriptContext {
  /** AZUREML_MODEL_DIR: the folder the registered model was mounted to (read-only). */
  readonly modelDir: string;
  /** The folder holding the entry script (its code snapshot), for files shipped beside it. */
  readonly scriptDir: string;
  /** Arguments as the script's argv would hold them: --logging_level INFO, then user arguments. */
  readonly args: readonly string[];
  readonly loggingLevel: LoggingLevel;
  /** The EntryScript logger: one instance per process, shared by init() and run(). */
  readonly logger: EntryScriptLogger;
  /** Environment variables of the deployment (settings.environment_variables), plus WORKER_ID: "<node ip>/<pid>". */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Waits on the runtime's clock. Fixture scripts that "take 45 s" call sleep(45): the wait is
   * virtual, so a documented timeout is reached without waiting for it in real time.
   */
  sleep(seconds: number): Promise<void>;
  /**
   * Imports a package of the deployment's environment. A package the environment does not list
   * fails as Python would: ModuleNotFoundError "No module named '<module>'".
   * Known packages: onnxruntime (onnxruntime-node), pngjs, azureml-core (module azureml).
   */
  import<T = unknown>(packageName: string): Promise<T>;
}

/** One element per successfully scored input; anything else (a number, null) is refused. */
export type RunResult = ReadonlyArray<unknown> | null | undefined;

export interface EntryScript {
  init?(ctx: EntryScriptContext): unknown | Promise<unknown>;
  run?(miniBatch: string[], ctx: EntryScriptContext): RunResult | Promise<RunResult>;
}

/**
 * A pipeline script step (PythonScriptStep in the SDK), in JavaScript: a module exporting
 * main(ctx). Its PipelineData outputs are given as paths that the step itself must create
 * (os.makedirs in Python, mkdir here) before writing; nothing is created for it.
 */
export interface ScriptStepContext extends EntryScriptContext {
  /** Named inputs: the mounted folder (or file) of each. */
  readonly inputs: Readonly<Record<string, string>>;
  /** Named outputs: where each PipelineData output must be written. */
  readonly outputs: Readonly<Record<string, string>>;
  /** run.log(name, value): records a metric of the step's run. */
  log(name: string, value: number | string): void;
}

export interface ScriptStep {
  main(ctx: ScriptStepContext): unknown | Promise<unknown>;
}

/**
 * What run() receives for a TabularDataset: the records of one mini-batch, as objects keyed by
 * column (a pandas DataFrame in Python), with the column names alongside.
 */
export type DataFrame = Array<Record<string, string>> & { readonly columns: readonly string[] };
