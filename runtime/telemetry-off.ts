/**
 * onnxruntime-node 1.30 starts a telemetry uploader unless ORT_DISABLE_TELEMETRY is set. All
 * traffic of this project stays on loopback, so every module that may load onnxruntime imports
 * this first; set in the main thread, it reaches the native library in every thread and child.
 */
process.env.ORT_DISABLE_TELEMETRY = '1';
