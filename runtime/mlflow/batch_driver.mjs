// The code-free scoring script of MLflow batch deployments (BE-01): reads every file of the
// mini-batch, logs and skips the ones it cannot read, predicts on the rest.
import { basename } from 'node:path';

let mlflow;
let model;

export async function init(ctx) {
  mlflow = await ctx.import('mlflow');
  model = await mlflow.loadModel(ctx.modelDir);
}

export async function run(miniBatch, ctx) {
  const frames = [];
  for (const file of miniBatch) {
    try {
      frames.push(await model.readInput(file));
    } catch (error) {
      ctx.logger.error(mlflow.errorProcessingInputFile(basename(file), error.message));
    }
  }
  // With no readable file, predict raises ValueError: No objects to concatenate (BE-18).
  return model.predict(frames);
}
