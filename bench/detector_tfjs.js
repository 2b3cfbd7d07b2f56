// The reference for bench/detector-speed.sh: TensorFlow.js (its pure-JavaScript CPU backend, the one
// that installs from npm without downloading native TensorFlow) running the same centernet.json on the
// same pictures, prepared the same way (fit into 512x512 keeping the aspect ratio, centred on black).
// Usage: node detector_tfjs.js MODEL_DIR FRAMES PICTURE.png...
const tf = require('@tensorflow/tfjs');
const fs = require('fs');
const path = require('path');
const { PNG } = require('pngjs');

async function main() {
  const [dir, framesArg, ...pictures] = process.argv.slice(2);
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'centernet.json')));
  const bin = fs.readFileSync(path.join(dir, 'centernet.bin'));
  const model = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest[0].weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length) }));
  const inputs = pictures.map((file) => {
    const png = PNG.sync.read(fs.readFileSync(file));
    const rgb = new Float32Array(png.width * png.height * 3);
    for (let i = 0; i < png.width * png.height; i++) for (let c = 0; c < 3; c++) rgb[i * 3 + c] = png.data[i * 4 + c];
    const scale = 512 / Math.max(png.width, png.height);
    const w = Math.round(png.width * scale), h = Math.round(png.height * scale);
    const left = Math.floor((512 - w) / 2), top = Math.floor((512 - h) / 2);
    const resized = tf.image.resizeBilinear(tf.tensor4d(rgb, [1, png.height, png.width, 3]), [h, w]);
    return tf.pad(resized, [[0, 0], [top, 512 - h - top], [left, 512 - w - left], [0, 0]]);
  });
  for (let i = 0; i < inputs.length; i++) {
    const d = await model.execute(inputs[i], 'tower_0/detections').array();
    console.log(`${path.basename(pictures[i])}: class ${d[0][0][5]} ${d[0][0][4].toFixed(4)}`);
  }
  const frames = parseInt(framesArg, 10);
  const ms = [];
  const start = Date.now();
  for (let f = 0; f < frames; f++) {
    const t0 = Date.now();
    const out = model.execute(inputs[f % inputs.length], 'tower_0/detections');
    await out.data();
    out.dispose();
    ms.push(Date.now() - t0);
  }
  const seconds = (Date.now() - start) / 1000;
  ms.sort((a, b) => a - b);
  console.log(`frames=${frames} median_ms=${ms[Math.floor(frames / 2)]} fps=${(frames / seconds).toFixed(3)}`);
}
main();
