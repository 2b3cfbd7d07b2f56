// TensorFlow.js's side of bench/tfjs-parity.sh: the same model, the same deterministic input.
// Usage: node tfjs_parity.js MODEL_JSON INPUT DIMS SCALE OUTPUT...
const tf = require('@tensorflow/tfjs');
const fs = require('fs');
const path = require('path');
(async () => {
  const [file, input, dimsArg, scaleArg, ...outputs] = process.argv.slice(2);
  const json = JSON.parse(fs.readFileSync(file));
  const bin = Buffer.concat(json.weightsManifest[0].paths.map((p) => fs.readFileSync(path.join(path.dirname(file), p))));
  const model = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest[0].weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length) }));
  const dims = dimsArg.split('x').map(Number);
  const n = dims.reduce((a, b) => a * b, 1);
  const scale = parseFloat(scaleArg);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = ((i * 37) % 256) * scale;
  const feeds = {}; feeds[input] = tf.tensor(data, dims);
  const outs = model.execute(feeds, outputs);
  for (let i = 0; i < outputs.length; i++) {
    const v = await outs[i].data(); let sum = 0, abs = 0;
    for (const x of v) { sum += x; abs += Math.abs(x); }
    console.log(`${outputs[i]} ${JSON.stringify(outs[i].shape)} sum ${sum.toFixed(3)} abs ${abs.toFixed(3)} first ${v[0].toFixed(4)} ${v[1].toFixed(4)}`);
  }
})();
